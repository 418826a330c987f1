package io.fanscore.connectors.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka client settings from the three places an operator gives them, merged once for the job and
 * the CLI alike: a client properties file ({@code --kafka-config FILE}), single properties as
 * options ({@code --kafka.<property> value}, which win over the file), and SASL credentials in the
 * environment ({@value #USERNAME_ENV}, {@value #PASSWORD_ENV}, optionally {@value #MECHANISM_ENV}).
 *
 * <p>Secrets are accepted from the file and the environment only. Options are command-line
 * arguments, and those show up in process lists, shell history and the program arguments a Flink
 * cluster displays and logs.
 */
public final class KafkaClientSecurity {

    public static final String USERNAME_ENV = "FANSCORE_KAFKA_USERNAME";
    public static final String PASSWORD_ENV = "FANSCORE_KAFKA_PASSWORD";
    public static final String MECHANISM_ENV = "FANSCORE_KAFKA_SASL_MECHANISM";

    /** Salted challenge-response: the password never crosses the wire, even without TLS. */
    public static final String DEFAULT_MECHANISM = "SCRAM-SHA-512";

    private static final String JAAS_CONFIG = "sasl.jaas.config";
    private static final String MECHANISM = "sasl.mechanism";
    private static final String SECURITY_PROTOCOL = "security.protocol";

    private KafkaClientSecurity() {}

    /**
     * The endpoint to reach {@code bootstrapServers} with.
     *
     * @param configFile a Kafka client properties file, or null
     * @param options client properties given as options
     * @param environment the process environment ({@code System.getenv()})
     * @throws IllegalArgumentException naming what is wrong: a secret among the options, an
     *     unreadable file, half a credential, or credentials given twice
     */
    public static KafkaEndpoint endpoint(
            String bootstrapServers,
            Path configFile,
            Map<String, String> options,
            Map<String, String> environment) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (configFile != null) {
            properties.putAll(readConfigFile(configFile));
        }
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (isSecret(option.getKey())) {
                throw new IllegalArgumentException(
                        "'kafka."
                                + option.getKey()
                                + "' holds a secret and must not be an argument; put it in a"
                                + " --kafka-config file or use "
                                + USERNAME_ENV
                                + "/"
                                + PASSWORD_ENV);
            }
            properties.put(option.getKey(), option.getValue());
        }
        fromEnvironment(properties, environment);
        return new KafkaEndpoint(bootstrapServers, properties);
    }

    static boolean isSecret(String property) {
        String key = property.toLowerCase(Locale.ROOT);
        return key.equals(JAAS_CONFIG) || key.contains("password") || key.contains("secret");
    }

    private static Map<String, String> readConfigFile(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the Kafka client config " + file + ": " + e, e);
        }
        if (properties.containsKey("bootstrap.servers")) {
            // One place for the address: two that disagree would leave the user guessing.
            throw new IllegalArgumentException(
                    "the Kafka client config "
                            + file
                            + " sets bootstrap.servers; give the brokers with --bootstrap instead");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            result.put(key, properties.getProperty(key).strip());
        }
        return result;
    }

    /** Adds the login of the credentials in the environment, if any, to {@code properties}. */
    private static void fromEnvironment(
            Map<String, String> properties, Map<String, String> environment) {
        String username = environment.get(USERNAME_ENV);
        String password = environment.get(PASSWORD_ENV);
        if (username == null && password == null) {
            return;
        }
        if (username == null || password == null) {
            throw new IllegalArgumentException(
                    (username == null ? PASSWORD_ENV : USERNAME_ENV)
                            + " is set but "
                            + (username == null ? USERNAME_ENV : PASSWORD_ENV)
                            + " is not; set both or neither");
        }
        if (properties.containsKey(JAAS_CONFIG)) {
            throw new IllegalArgumentException(
                    "credentials are given twice: by "
                            + USERNAME_ENV
                            + "/"
                            + PASSWORD_ENV
                            + " and by sasl.jaas.config in the --kafka-config file");
        }
        String mechanism =
                properties.getOrDefault(
                        MECHANISM, environment.getOrDefault(MECHANISM_ENV, DEFAULT_MECHANISM));
        SaslCredentials credentials = new SaslCredentials(mechanism, username, password);
        properties.put(MECHANISM, mechanism);
        properties.putIfAbsent(SECURITY_PROTOCOL, "SASL_PLAINTEXT");
        properties.put(JAAS_CONFIG, credentials.jaasConfig());
    }
}
