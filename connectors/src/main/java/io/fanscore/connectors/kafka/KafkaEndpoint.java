package io.fanscore.connectors.kafka;

import java.io.Serializable;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How to reach a Kafka cluster: bootstrap servers plus client properties (security settings,
 * timeouts), shared by sources, sinks and the CLI. {@link #toString()} never shows property values,
 * so credentials cannot leak into logs.
 */
public final class KafkaEndpoint implements Serializable {

    private final String bootstrapServers;
    private final TreeMap<String, String> clientProperties;

    public KafkaEndpoint(String bootstrapServers, Map<String, String> clientProperties) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must be set");
        }
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = new TreeMap<>(clientProperties);
    }

    public static KafkaEndpoint of(String bootstrapServers) {
        return new KafkaEndpoint(bootstrapServers, Map.of());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Client properties including bootstrap.servers, for plain Kafka clients. */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }

    /** The client properties besides bootstrap.servers (security, timeouts), unmodifiable. */
    public Map<String, String> extraProperties() {
        return java.util.Collections.unmodifiableMap(clientProperties);
    }

    @Override
    public String toString() {
        return "KafkaEndpoint{"
                + bootstrapServers
                + ", properties="
                + clientProperties.keySet()
                + "}";
    }
}
