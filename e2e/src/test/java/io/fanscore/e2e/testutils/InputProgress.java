package io.fanscore.e2e.testutils;

import io.fanscore.connectors.kafka.KafkaClients;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Whether a job has read all of its input: the Kafka source commits its offsets to the job's group
 * when a checkpoint completes, so committed offsets at the end of every input partition mean that
 * everything sent was read and checkpointed.
 */
public final class InputProgress {

    private InputProgress() {}

    public static boolean allRead(String bootstrap, String group) {
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic :
                    List.of(ScoringWorkload.INTERACTIONS_TOPIC, ScoringWorkload.LIVE_TOPIC)) {
                for (int p = 0; p < ScoringWorkload.PARTITIONS; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            var ends = admin.listOffsets(latest).all().get();
            for (var end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                long position = offset == null ? 0 : offset.offset();
                if (position < end.getValue().offset()) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException e) {
            return false; // e.g. the broker is restarting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
