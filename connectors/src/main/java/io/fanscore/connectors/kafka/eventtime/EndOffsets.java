package io.fanscore.connectors.kafka.eventtime;

import io.fanscore.connectors.kafka.KafkaEndpoint;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Asks the broker, without blocking the task thread, where partitions end (read_committed, as the
 * sources read). One check is in flight at a time; its answer is picked up by a later poll.
 */
final class EndOffsets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndOffsets.class);

    /**
     * A check that was sent: when, and the next offset each partition was to read then (-1 where it
     * is not known yet: those also get their earliest and committed offsets looked up).
     */
    record Check(long sentAt, Map<TopicPartition, Long> nextOffsets) {}

    /** A check's answer: end, earliest and committed offsets of the partitions that answered. */
    record Answer(
            Check check,
            Map<TopicPartition, Long> endOffsets,
            Map<TopicPartition, Long> earliestOffsets,
            Map<TopicPartition, Long> committedOffsets) {}

    private final Admin admin;
    private final String groupId;
    private Check inFlight;
    private KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> ends;
    private KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> earliest;
    private KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> committed;
    private boolean warned;

    EndOffsets(KafkaEndpoint endpoint, String groupId) {
        Properties properties = endpoint.clientProperties();
        properties.putIfAbsent(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                String.valueOf(Duration.ofSeconds(5).toMillis()));
        properties.putIfAbsent(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                String.valueOf(Duration.ofSeconds(10).toMillis()));
        this.admin = Admin.create(properties);
        this.groupId = groupId;
    }

    boolean busy() {
        return inFlight != null;
    }

    /** Sends a check of these partitions, stamped with the wall clock before it is sent. */
    void send(Map<TopicPartition, Long> nextOffsets, long now) {
        ListOffsetsOptions readCommitted = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> first = new HashMap<>();
        nextOffsets.forEach(
                (partition, next) -> {
                    latest.put(partition, OffsetSpec.latest());
                    if (next < 0) {
                        first.put(partition, OffsetSpec.earliest());
                    }
                });
        inFlight = new Check(now, Map.copyOf(nextOffsets));
        ends = admin.listOffsets(latest, readCommitted).all();
        earliest =
                first.isEmpty()
                        ? KafkaFuture.completedFuture(Map.of())
                        : admin.listOffsets(first, readCommitted).all();
        committed =
                first.isEmpty() || groupId == null
                        ? KafkaFuture.completedFuture(Map.of())
                        : admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata();
    }

    /** The answer of the check in flight if it has come, else null. A failed check is dropped. */
    Answer poll() {
        if (inFlight == null || !ends.isDone() || !earliest.isDone() || !committed.isDone()) {
            return null;
        }
        Check check = inFlight;
        inFlight = null;
        try {
            Map<TopicPartition, Long> committedOffsets = new HashMap<>();
            committed
                    .get()
                    .forEach(
                            (partition, offset) -> {
                                if (offset != null) {
                                    committedOffsets.put(partition, offset.offset());
                                }
                            });
            return new Answer(check, offsets(ends), offsets(earliest), committedOffsets);
        } catch (ExecutionException e) {
            // The broker is away or refuses: no partition counts as caught up meanwhile.
            if (!warned) {
                LOG.warn("Cannot look up end offsets; quiet partitions wait: {}", e.getCause());
                warned = true;
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Map<TopicPartition, Long> offsets(
            KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> answer)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.get().forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
