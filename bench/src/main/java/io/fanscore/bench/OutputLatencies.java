package io.fanscore.bench;

import io.fanscore.connectors.avro.DecodeException;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.kafka.KafkaClients;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.PushNotification;
import io.fanscore.schema.TierChange;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the job's outputs as they become readable and times each from when its cause (an event id,
 * a live id or a push id) was produced. Duplicates (at-least-once) are timed once, at first sight.
 */
final class OutputLatencies implements AutoCloseable {

    private final Map<String, Long> producedAt = new ConcurrentHashMap<>();
    private final List<Long> tierChangeMillis = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> notificationMillis = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> pushMillis = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong tierChangesRead = new AtomicLong();
    private final Thread reader;
    private volatile boolean running = true;

    private OutputLatencies(String bootstrap) {
        reader = new Thread(() -> read(bootstrap), "latency-reader");
        reader.setDaemon(true);
    }

    static OutputLatencies start(String bootstrap) {
        OutputLatencies latencies = new OutputLatencies(bootstrap);
        latencies.reader.start();
        return latencies;
    }

    void produced(String cause, long atMillis) {
        producedAt.put(cause, atMillis);
    }

    private void read(String bootstrap) {
        SingleObjectCodec<TierChange> changes = new SingleObjectCodec<>(TierChange.class);
        SingleObjectCodec<LiveNotification> notes = new SingleObjectCodec<>(LiveNotification.class);
        SingleObjectCodec<PushNotification> pushes =
                new SingleObjectCodec<>(PushNotification.class);
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.committedReader(bootstrap)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic :
                    List.of(
                            LatencyBenchmark.TIER_CHANGES,
                            LatencyBenchmark.NOTIFICATIONS,
                            LatencyBenchmark.PUSH_NOTIFICATIONS)) {
                consumer.partitionsFor(topic)
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    if (record.topic().equals(LatencyBenchmark.TIER_CHANGES)) {
                        TierChange change = changes.decode(record.value());
                        tierChangesRead.incrementAndGet();
                        time(change.getChangeId(), change.getCause(), now, tierChangeMillis);
                    } else if (record.topic().equals(LatencyBenchmark.PUSH_NOTIFICATIONS)) {
                        PushNotification push = pushes.decode(record.value());
                        time(push.getNotificationId(), push.getPushId(), now, pushMillis);
                    } else {
                        LiveNotification note = notes.decode(record.value());
                        time(note.getNotificationId(), note.getLiveId(), now, notificationMillis);
                    }
                }
            }
        } catch (DecodeException e) {
            throw new IllegalStateException("the job wrote a record we cannot read", e);
        }
    }

    private void time(String outputId, String cause, long now, List<Long> into) {
        Long produced = producedAt.get(cause);
        if (produced != null && seen.add(outputId)) {
            into.add(now - produced);
        }
    }

    /** Waits until this many tier changes, timed or not, were read; false on timeout. */
    boolean awaitTierChangesRead(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (tierChangesRead.get() >= count) {
                return true;
            }
            Thread.sleep(100); // polling a counter another thread fills
        }
        return false;
    }

    /** Waits until the expected numbers of timed outputs were read; false on timeout. */
    boolean awaitAll(int tierChanges, int notifications, int pushes, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (tierChangeMillis.size() >= tierChanges
                    && notificationMillis.size() >= notifications
                    && pushMillis.size() >= pushes) {
                return true;
            }
            Thread.sleep(100); // polling a counter another thread fills
        }
        return false;
    }

    String tierChanges() {
        return summary(tierChangeMillis);
    }

    String notifications() {
        return summary(notificationMillis);
    }

    String pushNotifications() {
        return summary(pushMillis);
    }

    private static String summary(List<Long> millis) {
        List<Long> sorted;
        synchronized (millis) {
            sorted = new ArrayList<>(millis);
        }
        if (sorted.isEmpty()) {
            return "none";
        }
        Collections.sort(sorted);
        return String.format(
                "%,d timed, p50 %.2f s, p99 %.2f s, max %.2f s",
                sorted.size(),
                at(sorted, 0.50) / 1000.0,
                at(sorted, 0.99) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static long at(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(5_000);
    }
}
