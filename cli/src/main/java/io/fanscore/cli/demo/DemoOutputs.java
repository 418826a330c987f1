package io.fanscore.cli.demo;

import io.fanscore.cli.kafka.KafkaOffsets;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.PushNotification;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.TierChange;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.TopicPartition;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The job's outputs, followed as they are committed and counted: tier changes, live notifications,
 * push outcomes and notifications, and dead letters.
 */
final class DemoOutputs implements AutoCloseable {

    final TierTally tiers = new TierTally();
    final NotificationTally notifications = new NotificationTally();
    final DeadLetterTally deadLetters = new DeadLetterTally();
    final PushOutcomeTally pushes = new PushOutcomeTally();

    /** One follower per output topic, by topic. */
    private final Map<String, TopicFollower<?>> followers = new LinkedHashMap<>();

    DemoOutputs(String bootstrap) {
        follow(bootstrap, DemoTopics.TIER_CHANGES, TierChange.class, tiers::record);
        follow(
                bootstrap,
                DemoTopics.LIVE_NOTIFICATIONS,
                LiveNotification.class,
                notifications::record);
        follow(bootstrap, DemoTopics.DEAD_LETTER, DeadLetter.class, deadLetters::record);
        follow(bootstrap, DemoTopics.PUSH_OUTCOMES, PushOutcome.class, pushes::record);
        follow(bootstrap, DemoTopics.PUSH_NOTIFICATIONS, PushNotification.class, pushes::record);
    }

    private <T extends SpecificRecordBase> void follow(
            String bootstrap, String topic, Class<T> type, Consumer<T> record) {
        followers.put(topic, TopicFollower.start(bootstrap, topic, type, record));
    }

    /** Where each output topic's committed records end now, by topic. */
    Map<String, Map<TopicPartition, Long>> ends(KafkaOffsets offsets) throws InterruptedException {
        Map<String, Map<TopicPartition, Long>> ends = new LinkedHashMap<>();
        for (String topic : followers.keySet()) {
            ends.put(topic, offsets.committedEnds(topic));
        }
        return ends;
    }

    /** Whether every output has been read up to {@code ends}. */
    boolean haveReached(Map<String, Map<TopicPartition, Long>> ends) {
        return followers.entrySet().stream()
                .allMatch(f -> f.getValue().hasReached(ends.get(f.getKey())));
    }

    @Override
    public void close() throws InterruptedException {
        for (TopicFollower<?> follower : followers.values()) {
            follower.close();
        }
    }
}
