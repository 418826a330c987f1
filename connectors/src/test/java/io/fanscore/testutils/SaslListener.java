package io.fanscore.testutils;

import io.fanscore.connectors.kafka.SaslCredentials;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.AuthenticationException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The client listener of a test broker that requires SASL: SCRAM-SHA-512 for the application user,
 * PLAIN for a second application user and for the broker's own user (inter-broker traffic, and the
 * fixture's administration). Every password is random per broker, so that a test can look for it in
 * logs and find nothing else by accident.
 */
final class SaslListener {

    private final SaslCredentials broker = credentials("PLAIN", "broker");
    private final SaslCredentials scramUser = credentials("SCRAM-SHA-512", "scramapp");
    private final SaslCredentials plainUser = credentials("PLAIN", "plainapp");

    private static SaslCredentials credentials(String mechanism, String username) {
        return new SaslCredentials(mechanism, username, "secret-" + UUID.randomUUID());
    }

    SaslCredentials scramUser() {
        return scramUser;
    }

    SaslCredentials plainUser() {
        return plainUser;
    }

    /** Broker settings: the client listener requires SASL, the controller's stays plaintext. */
    Map<String, String> brokerProperties(String clientListener, String controllerListener) {
        String prefix = "listener.name." + clientListener.toLowerCase() + ".";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(
                "listener.security.protocol.map",
                clientListener + ":SASL_PLAINTEXT," + controllerListener + ":PLAINTEXT");
        properties.put("sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
        properties.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        // PLAIN users live in the listener's login configuration; the broker logs in as its own.
        properties.put(
                prefix + "plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + (" username=\"" + broker.username() + "\"")
                        + (" password=\"" + broker.password() + "\"")
                        + (" user_" + broker.username() + "=\"" + broker.password() + "\"")
                        + (" user_" + plainUser.username() + "=\"" + plainUser.password() + "\";"));
        // SCRAM users live in the cluster metadata (created below), not in a file.
        properties.put(
                prefix + "scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        return properties;
    }

    /** Client properties that log in as {@code user}. */
    static Map<String, String> clientProperties(SaslCredentials user) {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", user.mechanism(),
                "sasl.jaas.config", user.jaasConfig());
    }

    /** The fixture's own login: the broker user, which may do anything (no authorizer). */
    Map<String, String> adminProperties() {
        return clientProperties(broker);
    }

    /**
     * Creates the SCRAM user through the admin API, as an operator of a KRaft cluster does, and
     * waits until the broker accepts its login (credentials reach brokers with the metadata log).
     */
    void createScramUser(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(properties(bootstrapServers, adminProperties()))) {
            admin.alterUserScramCredentials(
                            List.of(
                                    new UserScramCredentialUpsertion(
                                            scramUser.username(),
                                            new ScramCredentialInfo(
                                                    ScramMechanism.SCRAM_SHA_512, 4096),
                                            scramUser.password())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> logsIn(bootstrapServers, scramUser));
    }

    private static boolean logsIn(String bootstrapServers, SaslCredentials user) throws Exception {
        try (Admin admin = Admin.create(properties(bootstrapServers, clientProperties(user)))) {
            admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException) {
                return false;
            }
            throw e;
        }
    }

    static Properties properties(String bootstrapServers, Map<String, String> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }
}
