package io.fanscore.connectors.kafka;

import java.util.Map;

/**
 * A SASL user of a Kafka cluster and the mechanism it logs in with. Turns into the client's {@code
 * sasl.jaas.config}; {@link #toString()} never shows the password.
 */
public record SaslCredentials(String mechanism, String username, String password) {

    /** The mechanisms fanscore clients log in with, and the login module of each. */
    private static final Map<String, String> LOGIN_MODULES =
            Map.of(
                    "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
                    "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
                    "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    public SaslCredentials {
        if (!LOGIN_MODULES.containsKey(mechanism)) {
            throw new IllegalArgumentException(
                    "SASL mechanism '"
                            + mechanism
                            + "' is not supported (supported: "
                            + LOGIN_MODULES.keySet().stream().sorted().toList()
                            + ")");
        }
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException("the SASL username must not be empty");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the SASL password must not be empty");
        }
    }

    /** The value of the client property {@code sasl.jaas.config} that logs in as this user. */
    public String jaasConfig() {
        return LOGIN_MODULES.get(mechanism)
                + " required username="
                + quoted(username)
                + " password="
                + quoted(password)
                + ";";
    }

    /** JAAS options are parsed like Java strings: a quote or backslash inside needs a backslash. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        return "SaslCredentials{" + mechanism + ", user=" + username + ", password=(hidden)}";
    }
}
