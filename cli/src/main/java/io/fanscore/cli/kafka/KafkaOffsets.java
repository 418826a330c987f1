package io.fanscore.cli.kafka;

import io.fanscore.connectors.kafka.KafkaClients;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Where topics end and how far a consumer group has committed, to tell when reading is done. */
public final class KafkaOffsets implements AutoCloseable {

    private static final long CALL_TIMEOUT_SECONDS = 15;

    private final Admin admin;

    public KafkaOffsets(String bootstrap) {
        this.admin = KafkaClients.admin(bootstrap);
    }

    /** The end of each partition as read_committed consumers see it (the last stable offset). */
    public Map<TopicPartition, Long> committedEnds(String topic) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> latest =
                partitionsOf(topic).stream()
                        .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        return call(
                        admin.listOffsets(
                                        latest,
                                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                                .all())
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The offsets {@code group} has committed for {@code topic}; 0 where it has none. */
    public Map<TopicPartition, Long> groupOffsets(String group, String topic)
            throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                call(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitionsOf(topic)) {
            OffsetAndMetadata offset = committed.get(partition);
            offsets.put(partition, offset == null ? 0L : offset.offset());
        }
        return offsets;
    }

    /** Whether {@code positions} are at or past {@code ends} on every partition of {@code ends}. */
    public static boolean reached(
            Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream()
                .allMatch(end -> positions.getOrDefault(end.getKey(), -1L) >= end.getValue());
    }

    private List<TopicPartition> partitionsOf(String topic) throws InterruptedException {
        return call(admin.describeTopics(List.of(topic)).allTopicNames())
                .get(topic)
                .partitions()
                .stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    private static <V> V call(KafkaFuture<V> future) throws InterruptedException {
        try {
            return future.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaSetupException("Kafka did not answer: " + e, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
