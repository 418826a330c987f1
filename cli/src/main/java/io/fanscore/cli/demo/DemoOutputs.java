package io.fanscore.cli.demo;

import io.fanscore.cli.kafka.KafkaOffsets;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.TierChange;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;

/**
 * The job's three outputs, followed as they are committed and counted: tier changes, live
 * notifications and dead letters.
 */
final class DemoOutputs implements AutoCloseable {

    final TierTally tiers = new TierTally();
    final NotificationTally notifications = new NotificationTally();
    final DeadLetterTally deadLetters = new DeadLetterTally();

    private final TopicFollower<TierChange> tierChanges;
    private final TopicFollower<LiveNotification> notificationFollower;
    private final TopicFollower<DeadLetter> deadLetterFollower;

    DemoOutputs(String bootstrap) {
        tierChanges =
                TopicFollower.start(
                        bootstrap, DemoTopics.TIER_CHANGES, TierChange.class, tiers::record);
        notificationFollower =
                TopicFollower.start(
                        bootstrap,
                        DemoTopics.LIVE_NOTIFICATIONS,
                        LiveNotification.class,
                        notifications::record);
        deadLetterFollower =
                TopicFollower.start(
                        bootstrap, DemoTopics.DEAD_LETTER, DeadLetter.class, deadLetters::record);
    }

    /** Where each output topic's committed records end now. */
    Ends ends(KafkaOffsets offsets) throws InterruptedException {
        return new Ends(
                offsets.committedEnds(DemoTopics.TIER_CHANGES),
                offsets.committedEnds(DemoTopics.LIVE_NOTIFICATIONS),
                offsets.committedEnds(DemoTopics.DEAD_LETTER));
    }

    /** Whether every output has been read up to {@code ends}. */
    boolean haveReached(Ends ends) {
        return tierChanges.hasReached(ends.tierChanges())
                && notificationFollower.hasReached(ends.notifications())
                && deadLetterFollower.hasReached(ends.deadLetters());
    }

    @Override
    public void close() throws InterruptedException {
        tierChanges.close();
        notificationFollower.close();
        deadLetterFollower.close();
    }

    /** The committed ends of the three output topics. */
    record Ends(
            Map<TopicPartition, Long> tierChanges,
            Map<TopicPartition, Long> notifications,
            Map<TopicPartition, Long> deadLetters) {}
}
