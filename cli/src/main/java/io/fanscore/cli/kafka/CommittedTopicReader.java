package io.fanscore.cli.kafka;

import io.fanscore.connectors.kafka.KafkaClients;
import io.fanscore.connectors.kafka.KafkaEndpoint;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads every committed record of a topic as of now, partition by partition, each in offset order,
 * and stops. Records written after the read started are not included.
 */
public final class CommittedTopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaEndpoint endpoint;

    public CommittedTopicReader(String bootstrap) {
        this(KafkaEndpoint.of(bootstrap));
    }

    public CommittedTopicReader(KafkaEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Returns the number of records read. */
    public long readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.committedReader(endpoint)) {
            List<PartitionInfo> partitions;
            try {
                partitions = consumer.partitionsFor(topic);
            } catch (TimeoutException | AuthenticationException e) {
                throw KafkaSetupException.unreachable(endpoint.bootstrapServers(), e);
            }
            if (partitions == null || partitions.isEmpty()) {
                throw new KafkaSetupException("topic " + topic + " does not exist", null);
            }
            List<TopicPartition> ordered =
                    partitions.stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .sorted(Comparator.comparingInt(TopicPartition::partition))
                            .toList();
            // With read_committed these are the last stable offsets: open transactions stay out.
            var ends = consumer.endOffsets(ordered);
            for (TopicPartition partition : ordered) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                long end = ends.get(partition);
                while (consumer.position(partition) < end) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        if (record.offset() < end) {
                            each.accept(record);
                            count++;
                        }
                    }
                }
            }
        }
        return count;
    }
}
