package io.fanscore.connectors;

import io.fanscore.connectors.kafka.KafkaClientSecurity;
import io.fanscore.connectors.kafka.KafkaEndpoint;
import io.fanscore.connectors.kafka.SaslCredentials;

import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.security.auth.login.AppConfigurationEntry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientSecurityTest {

    private static final String BOOTSTRAP = "127.0.0.1:9";

    @TempDir Path dir;

    @Test
    void credentialsFromTheEnvironmentLogInWithScramByDefault() {
        Properties properties =
                endpoint(
                                null,
                                Map.of(),
                                Map.of(
                                        "FANSCORE_KAFKA_USERNAME", "app",
                                        "FANSCORE_KAFKA_PASSWORD", "pw"))
                        .clientProperties();

        assertThat(properties)
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", BOOTSTRAP);
        assertThat(loginOptions(properties.getProperty("sasl.jaas.config")))
                .containsEntry("username", "app")
                .containsEntry("password", "pw");
        assertThat(loginModule(properties.getProperty("sasl.jaas.config")))
                .endsWith("ScramLoginModule");
    }

    @Test
    void theMechanismAndProtocolComeFromOptionsOrTheFileWhenGiven() throws Exception {
        Path file = write("security.protocol=SASL_SSL\nssl.truststore.location=/etc/ts.jks\n");
        Properties properties =
                endpoint(
                                file,
                                Map.of("sasl.mechanism", "PLAIN"),
                                Map.of(
                                        "FANSCORE_KAFKA_USERNAME", "app",
                                        "FANSCORE_KAFKA_PASSWORD", "pw",
                                        "FANSCORE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256"))
                        .clientProperties();

        assertThat(properties)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/ts.jks")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(loginModule(properties.getProperty("sasl.jaas.config")))
                .endsWith("PlainLoginModule");
    }

    @Test
    void theEnvironmentMayNameTheMechanism() {
        Properties properties =
                endpoint(
                                null,
                                Map.of(),
                                Map.of(
                                        "FANSCORE_KAFKA_USERNAME", "app",
                                        "FANSCORE_KAFKA_PASSWORD", "pw",
                                        "FANSCORE_KAFKA_SASL_MECHANISM", "PLAIN"))
                        .clientProperties();

        assertThat(properties).containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void optionsWinOverTheFile() throws Exception {
        Path file = write("client.id=from-file\nrequest.timeout.ms=1000\n");

        Properties properties =
                endpoint(file, Map.of("client.id", "from-option"), Map.of()).clientProperties();

        assertThat(properties)
                .containsEntry("client.id", "from-option")
                .containsEntry("request.timeout.ms", "1000")
                .doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void aFileMayCarryItsOwnLogin() throws Exception {
        SaslCredentials user = new SaslCredentials("PLAIN", "app", "pw");
        Path file =
                write(
                        "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                                + "sasl.jaas.config="
                                + user.jaasConfig().replace("\\", "\\\\")
                                + "\n");

        Properties properties = endpoint(file, Map.of(), Map.of()).clientProperties();

        assertThat(properties).containsEntry("sasl.jaas.config", user.jaasConfig());
    }

    @Test
    void secretsAreRefusedAsOptions() {
        for (String key :
                List.of("sasl.jaas.config", "ssl.keystore.password", "sasl.client.secret")) {
            assertThatThrownBy(() -> endpoint(null, Map.of(key, "x"), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'kafka." + key + "' holds a secret")
                    .hasMessageContaining("--kafka-config");
        }
    }

    @Test
    void halfACredentialOrTwoAreErrors() throws Exception {
        assertThatThrownBy(() -> endpoint(null, Map.of(), Map.of("FANSCORE_KAFKA_USERNAME", "app")))
                .hasMessageContaining("FANSCORE_KAFKA_PASSWORD is not");
        assertThatThrownBy(() -> endpoint(null, Map.of(), Map.of("FANSCORE_KAFKA_PASSWORD", "pw")))
                .hasMessageContaining("FANSCORE_KAFKA_USERNAME is not");
        Path file = write("sasl.jaas.config=x required;\n");
        assertThatThrownBy(
                        () ->
                                endpoint(
                                        file,
                                        Map.of(),
                                        Map.of(
                                                "FANSCORE_KAFKA_USERNAME", "app",
                                                "FANSCORE_KAFKA_PASSWORD", "pw")))
                .hasMessageContaining("credentials are given twice");
        assertThatThrownBy(
                        () ->
                                endpoint(
                                        null,
                                        Map.of(),
                                        Map.of(
                                                "FANSCORE_KAFKA_USERNAME", "app",
                                                "FANSCORE_KAFKA_PASSWORD", "pw",
                                                "FANSCORE_KAFKA_SASL_MECHANISM", "GSSAPI")))
                .hasMessageContaining("'GSSAPI' is not supported");
    }

    @Test
    void aBadFileIsNamed() throws Exception {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> endpoint(missing, Map.of(), Map.of()))
                .hasMessageContaining("cannot read the Kafka client config " + missing);
        Path withBrokers = write("bootstrap.servers=elsewhere:9092\n");
        assertThatThrownBy(() -> endpoint(withBrokers, Map.of(), Map.of()))
                .hasMessageContaining("give the brokers with --bootstrap");
    }

    @Test
    void passwordsWithQuotesAndBackslashesSurviveTheJaasSyntax() {
        String password = "a\"b\\c d;e='f'";
        String jaas = new SaslCredentials("SCRAM-SHA-512", "app", password).jaasConfig();

        assertThat(loginOptions(jaas)).containsEntry("password", password);
    }

    @Test
    void neitherTheEndpointNorTheCredentialsShowThePassword() {
        SaslCredentials credentials = new SaslCredentials("PLAIN", "app", "hunter2");
        KafkaEndpoint endpoint =
                endpoint(
                        null,
                        Map.of(),
                        Map.of(
                                "FANSCORE_KAFKA_USERNAME", "app",
                                "FANSCORE_KAFKA_PASSWORD", "hunter2"));

        assertThat(credentials.toString()).doesNotContain("hunter2").contains("app");
        assertThat(endpoint.toString()).doesNotContain("hunter2").contains("sasl.jaas.config");
    }

    private static KafkaEndpoint endpoint(
            Path file, Map<String, String> options, Map<String, String> environment) {
        return KafkaClientSecurity.endpoint(BOOTSTRAP, file, options, environment);
    }

    private Path write(String content) throws Exception {
        Path file = Files.createTempFile(dir, "client", ".properties");
        Files.writeString(file, content);
        return file;
    }

    /** Parsed by Kafka's own JAAS parser, as the client will. */
    private static AppConfigurationEntry entry(String jaasConfig) {
        return JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaasConfig)))
                .configurationEntries()
                .get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> loginOptions(String jaasConfig) {
        return (Map<String, Object>) entry(jaasConfig).getOptions();
    }

    private static String loginModule(String jaasConfig) {
        return entry(jaasConfig).getLoginModuleName();
    }
}
