package io.fanscore.cli.demo;

import io.fanscore.cli.kafka.KafkaOffsets;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.PushNotification;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.TierChange;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;

/**
 * The job's outputs, followed as they are committed and counted: tier changes, live notifications,
 * push outcomes and notifications, and dead letters.
 */
final class DemoOutputs implements AutoCloseable {

    final TierTally tiers = new TierTally();
    final NotificationTally notifications = new NotificationTally();
    final DeadLetterTally deadLetters = new DeadLetterTally();
    final PushTally pushes = new PushTally();

    private final TopicFollower<TierChange> tierChanges;
    private final TopicFollower<LiveNotification> notificationFollower;
    private final TopicFollower<DeadLetter> deadLetterFollower;
    private final TopicFollower<PushOutcome> pushOutcomeFollower;
    private final TopicFollower<PushNotification> pushNotificationFollower;

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
        pushOutcomeFollower =
                TopicFollower.start(
                        bootstrap, DemoTopics.PUSH_OUTCOMES, PushOutcome.class, pushes::record);
        pushNotificationFollower =
                TopicFollower.start(
                        bootstrap,
                        DemoTopics.PUSH_NOTIFICATIONS,
                        PushNotification.class,
                        pushes::record);
    }

    /** Where each output topic's committed records end now. */
    Ends ends(KafkaOffsets offsets) throws InterruptedException {
        return new Ends(
                offsets.committedEnds(DemoTopics.TIER_CHANGES),
                offsets.committedEnds(DemoTopics.LIVE_NOTIFICATIONS),
                offsets.committedEnds(DemoTopics.DEAD_LETTER),
                offsets.committedEnds(DemoTopics.PUSH_OUTCOMES),
                offsets.committedEnds(DemoTopics.PUSH_NOTIFICATIONS));
    }

    /** Whether every output has been read up to {@code ends}. */
    boolean haveReached(Ends ends) {
        return tierChanges.hasReached(ends.tierChanges())
                && notificationFollower.hasReached(ends.notifications())
                && deadLetterFollower.hasReached(ends.deadLetters())
                && pushOutcomeFollower.hasReached(ends.pushOutcomes())
                && pushNotificationFollower.hasReached(ends.pushNotifications());
    }

    @Override
    public void close() throws InterruptedException {
        tierChanges.close();
        notificationFollower.close();
        deadLetterFollower.close();
        pushOutcomeFollower.close();
        pushNotificationFollower.close();
    }

    /** The committed ends of the output topics. */
    record Ends(
            Map<TopicPartition, Long> tierChanges,
            Map<TopicPartition, Long> notifications,
            Map<TopicPartition, Long> deadLetters,
            Map<TopicPartition, Long> pushOutcomes,
            Map<TopicPartition, Long> pushNotifications) {}
}
