package io.fanscore.cli.demo;

import io.fanscore.cli.kafka.KafkaOffsets;
import io.fanscore.connectors.avro.DecodeException;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.kafka.KafkaClients;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Follows a topic from its beginning on its own thread, committed records only, and hands each
 * decoded record on. Records that do not decode are skipped: the demo only counts what it can read.
 */
public final class TopicFollower<T extends SpecificRecordBase> implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final SingleObjectCodec<T> codec;
    private final Consumer<T> onRecord;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Exception failure;

    private TopicFollower(String bootstrap, String topic, Class<T> type, Consumer<T> onRecord) {
        this.consumer = KafkaClients.committedReader(bootstrap);
        this.topic = topic;
        this.codec = new SingleObjectCodec<>(type);
        this.onRecord = onRecord;
        this.thread = new Thread(this::follow, "follow-" + topic);
        this.thread.setDaemon(true);
    }

    public static <T extends SpecificRecordBase> TopicFollower<T> start(
            String bootstrap, String topic, Class<T> type, Consumer<T> onRecord) {
        TopicFollower<T> follower = new TopicFollower<>(bootstrap, topic, type, onRecord);
        follower.thread.start();
        return follower;
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = KafkaClients.assignFromStart(consumer, topic);
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    try {
                        onRecord.accept(codec.decode(record.value()));
                    } catch (DecodeException e) {
                        // Not ours to judge here; `fanscore consume` shows such records.
                    }
                }
                for (TopicPartition partition : partitions) {
                    positions.put(partition, consumer.position(partition));
                }
            }
        } catch (WakeupException e) {
            // Closed.
        } catch (Exception e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Whether every partition has been read up to the given offsets. */
    public boolean hasReached(Map<TopicPartition, Long> offsets) {
        return KafkaOffsets.reached(positions, offsets);
    }

    public Exception failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(5_000);
    }
}
