package io.fanscore.connectors;

import io.fanscore.connectors.kafka.AvroRecordSerializer;
import io.fanscore.connectors.kafka.EnvelopeDeserializer;
import io.fanscore.connectors.kafka.KafkaEndpoint;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.connectors.kafka.eventtime.EventTimeKafkaSource;
import io.fanscore.connectors.kafka.eventtime.EventTimePolicy;
import io.fanscore.connectors.kafka.eventtime.RecordPosition;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.time.Duration;
import java.util.Map;

/** Builds the project's Kafka sources and sinks the same way for every job. */
public final class FanscoreKafka {

    /** Transactions must outlive the longest checkpoint; the broker caps them at 15 min. */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private FanscoreKafka() {}

    /**
     * A source of envelopes from {@code topic}.
     *
     * @param bounded read up to the end offsets at start-up, then finish (replays, backfills)
     * @param fromEarliest start at the earliest offsets instead of the group's committed ones
     */
    public static <T extends SpecificRecordBase> KafkaSource<SourceEnvelope<T>> source(
            KafkaEndpoint endpoint,
            String topic,
            String groupId,
            EnvelopeDeserializer<T> deserializer,
            boolean bounded,
            boolean fromEarliest) {
        return source(endpoint, topic, false, groupId, deserializer, bounded, fromEarliest);
    }

    /**
     * @param mayBeMissing subscribe by the topic's name as a pattern, so that a topic that does not
     *     exist (yet) is an input without partitions instead of a failing job; a running job finds
     *     it at its next partition discovery
     */
    private static <T extends SpecificRecordBase> KafkaSource<SourceEnvelope<T>> source(
            KafkaEndpoint endpoint,
            String topic,
            boolean mayBeMissing,
            String groupId,
            EnvelopeDeserializer<T> deserializer,
            boolean bounded,
            boolean fromEarliest) {
        KafkaSourceBuilder<SourceEnvelope<T>> builder =
                KafkaSource.<SourceEnvelope<T>>builder()
                        .setBootstrapServers(endpoint.bootstrapServers())
                        .setGroupId(groupId)
                        .setDeserializer(deserializer)
                        .setStartingOffsets(
                                fromEarliest
                                        ? OffsetsInitializer.earliest()
                                        : OffsetsInitializer.committedOffsets(
                                                OffsetResetStrategy.EARLIEST))
                        // Only committed transactions of upstream producers are input.
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("partition.discovery.interval.ms", bounded ? "-1" : "60000");
        if (mayBeMissing) {
            builder.setTopicPattern(
                    java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(topic)));
        } else {
            builder.setTopics(topic);
        }
        for (Map.Entry<String, String> property : endpoint.extraProperties().entrySet()) {
            builder.setProperty(property.getKey(), property.getValue());
        }
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * A source of envelopes from {@code topic} whose partitions' event time follows {@code policy}
     * (see {@link EventTimeKafkaSource}): pair it with a watermark strategy that generates none.
     */
    public static <T extends SpecificRecordBase> EventTimeKafkaSource<SourceEnvelope<T>> source(
            KafkaEndpoint endpoint,
            String topic,
            String groupId,
            EnvelopeDeserializer<T> deserializer,
            boolean bounded,
            boolean fromEarliest,
            EventTimePolicy policy,
            RecordPosition<SourceEnvelope<T>> position) {
        return new EventTimeKafkaSource<>(
                source(endpoint, topic, false, groupId, deserializer, bounded, fromEarliest),
                policy,
                position,
                endpoint,
                groupId);
    }

    /**
     * As {@link #source(KafkaEndpoint, String, String, EnvelopeDeserializer, boolean, boolean,
     * EventTimePolicy, RecordPosition)}, for a sparse control topic a deployment may not have
     * created: a missing topic is an input without partitions, which holds no event time back.
     */
    public static <T extends SpecificRecordBase>
            EventTimeKafkaSource<SourceEnvelope<T>> sourceMayBeMissing(
                    KafkaEndpoint endpoint,
                    String topic,
                    String groupId,
                    EnvelopeDeserializer<T> deserializer,
                    boolean bounded,
                    boolean fromEarliest,
                    EventTimePolicy policy,
                    RecordPosition<SourceEnvelope<T>> position) {
        return new EventTimeKafkaSource<>(
                source(endpoint, topic, true, groupId, deserializer, bounded, fromEarliest),
                policy,
                position,
                endpoint,
                groupId);
    }

    /**
     * A sink of Avro records to {@code topic}. Exactly-once writes in Kafka transactions that
     * commit with each checkpoint; at-least-once flushes on checkpoints and relies on the records'
     * deterministic ids for de-duplication downstream.
     */
    public static <T extends SpecificRecordBase> KafkaSink<T> sink(
            KafkaEndpoint endpoint,
            String topic,
            Class<T> type,
            AvroRecordSerializer.KeyOf<T> keyOf,
            DeliveryGuarantee guarantee,
            String transactionalIdPrefix) {
        KafkaSinkBuilder<T> builder =
                KafkaSink.<T>builder()
                        .setBootstrapServers(endpoint.bootstrapServers())
                        .setRecordSerializer(new AvroRecordSerializer<>(topic, type, keyOf))
                        .setDeliveryGuarantee(guarantee)
                        .setProperty(
                                "transaction.timeout.ms",
                                String.valueOf(TRANSACTION_TIMEOUT.toMillis()));
        for (Map.Entry<String, String> property : endpoint.extraProperties().entrySet()) {
            builder.setProperty(property.getKey(), property.getValue());
        }
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix);
        }
        return builder.build();
    }
}
