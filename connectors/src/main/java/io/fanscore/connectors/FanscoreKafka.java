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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.KafkaException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        KafkaSourceBuilder<SourceEnvelope<T>> builder =
                KafkaSource.<SourceEnvelope<T>>builder()
                        .setBootstrapServers(endpoint.bootstrapServers())
                        .setTopics(topic)
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
                source(endpoint, topic, groupId, deserializer, bounded, fromEarliest),
                policy,
                position,
                endpoint,
                groupId);
    }

    /**
     * Whether {@code topic} exists on the broker, asked once at start-up: for an optional input
     * that a deployment may not have created. True when the broker cannot say, so that the job
     * fails on its sources as it would have.
     */
    public static boolean topicExists(KafkaEndpoint endpoint, String topic) {
        try (Admin admin = Admin.create(endpoint.clientProperties())) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            return true;
        }
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
