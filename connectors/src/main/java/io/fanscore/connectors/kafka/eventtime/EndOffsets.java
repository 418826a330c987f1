package io.fanscore.connectors.kafka.eventtime;

import io.fanscore.connectors.kafka.KafkaEndpoint;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
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

    /** A check that was sent: when, and the next offset each partition was to read then. */
    record Check(long sentAt, Map<TopicPartition, Long> nextOffsets) {}

    /** A check's answer: end offsets of the partitions that answered. */
    record Answer(Check check, Map<TopicPartition, Long> endOffsets) {}

    private final Admin admin;
    private Check inFlight;
    private KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> answer;
    private boolean warned;

    EndOffsets(KafkaEndpoint endpoint) {
        Properties properties = endpoint.clientProperties();
        properties.putIfAbsent(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                String.valueOf(Duration.ofSeconds(5).toMillis()));
        properties.putIfAbsent(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                String.valueOf(Duration.ofSeconds(10).toMillis()));
        this.admin = Admin.create(properties);
    }

    boolean busy() {
        return inFlight != null;
    }

    /** Sends a check of these partitions, stamped with the wall clock before it is sent. */
    void send(Map<TopicPartition, Long> nextOffsets, long now) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartition partition : nextOffsets.keySet()) {
            latest.put(partition, OffsetSpec.latest());
        }
        inFlight = new Check(now, Map.copyOf(nextOffsets));
        answer =
                admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all();
    }

    /** The answer of the check in flight if it has come, else null. A failed check is dropped. */
    Answer poll() {
        if (inFlight == null || !answer.isDone()) {
            return null;
        }
        Check check = inFlight;
        inFlight = null;
        try {
            Map<TopicPartition, Long> ends = new HashMap<>();
            answer.get().forEach((partition, info) -> ends.put(partition, info.offset()));
            return new Answer(check, ends);
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

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
