package io.fanscore.connectors.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The plain Kafka clients of the CLI and the launcher, configured alike everywhere. An endpoint
 * brings the client settings (security) of {@code --kafka-config} and the environment; a bare
 * address is the local, unsecured broker.
 */
public final class KafkaClients {

    private KafkaClients() {}

    /** Idempotent and acknowledged by all replicas: a retry never duplicates or reorders. */
    public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return producer(KafkaEndpoint.of(bootstrap));
    }

    public static KafkaProducer<byte[], byte[]> producer(KafkaEndpoint endpoint) {
        return new KafkaProducer<>(producerProperties(endpoint));
    }

    /**
     * A producer that gives up after {@code wait} (metadata, send and delivery together), for a
     * best-effort record that must not hold up what follows when the broker is away.
     */
    public static KafkaProducer<byte[], byte[]> producer(KafkaEndpoint endpoint, Duration wait) {
        Properties properties = producerProperties(endpoint);
        properties.put("max.block.ms", Long.toString(wait.toMillis()));
        properties.put("delivery.timeout.ms", Long.toString(wait.toMillis()));
        properties.put("request.timeout.ms", Long.toString(wait.toMillis() / 2));
        return new KafkaProducer<>(properties);
    }

    private static Properties producerProperties(KafkaEndpoint endpoint) {
        Properties properties = base(endpoint);
        properties.put("acks", "all");
        properties.put("enable.idempotence", "true");
        properties.put("linger.ms", "5");
        properties.put("key.serializer", ByteArraySerializer.class.getName());
        properties.put("value.serializer", ByteArraySerializer.class.getName());
        return properties;
    }

    /**
     * A consumer that sees only committed transactions (the jobs write exactly-once) and never
     * joins a group: it is assigned partitions and keeps no offsets.
     */
    public static KafkaConsumer<byte[], byte[]> committedReader(String bootstrap) {
        return committedReader(KafkaEndpoint.of(bootstrap));
    }

    public static KafkaConsumer<byte[], byte[]> committedReader(KafkaEndpoint endpoint) {
        Properties properties = base(endpoint);
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        properties.put("default.api.timeout.ms", "15000");
        properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
        properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(properties);
    }

    /** Assigns every partition of {@code topic} to the consumer, at its beginning. */
    public static List<TopicPartition> assignFromStart(
            KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    public static Admin admin(String bootstrap) {
        return admin(KafkaEndpoint.of(bootstrap));
    }

    public static Admin admin(KafkaEndpoint endpoint) {
        Properties properties = base(endpoint);
        properties.put("request.timeout.ms", "5000");
        properties.put("default.api.timeout.ms", "10000");
        return Admin.create(properties);
    }

    private static Properties base(KafkaEndpoint endpoint) {
        Properties properties = endpoint.clientProperties();
        properties.putIfAbsent("client.id", "fanscore-cli");
        return properties;
    }
}
