package io.fanscore.jobs.notify;

import io.fanscore.connectors.ids.DeterministicId;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.rules.scoring.DayClock;
import io.fanscore.rules.scoring.NotifyRule;
import io.fanscore.schema.LiveNotification;
import io.fanscore.state.LiveCandidate;

import java.time.Instant;

/**
 * The caps of live notifications (SPEC §7): per (creator, fan) and per fan per day, granted in (T,
 * live_id) order.
 */
public final class NotificationCapsOperator
        extends FanCapsOperator<LiveCandidate, LiveNotification> {

    public NotificationCapsOperator(NotifyRule rule, DayClock clock) {
        super(LiveCandidate.class, rule.perPairPerDay(), rule.perFanPerDay(), clock);
    }

    @Override
    protected long timeOf(LiveCandidate candidate) {
        return candidate.getEventTime();
    }

    @Override
    protected String idOf(LiveCandidate candidate) {
        return candidate.getLiveId();
    }

    @Override
    protected String fanOf(LiveCandidate candidate) {
        return candidate.getFanId();
    }

    @Override
    protected String creatorOf(LiveCandidate candidate) {
        return candidate.getCreatorId();
    }

    @Override
    protected LiveNotification notification(LiveCandidate candidate, DeterministicId ids) {
        return new LiveNotification(
                ids.of(candidate.getLiveId(), candidate.getFanId()),
                candidate.getCreatorId(),
                candidate.getFanId(),
                candidate.getLiveId(),
                candidate.getTier(),
                candidate.getLevel(),
                Instant.ofEpochMilli(candidate.getEventTime()),
                Instant.now());
    }

    @Override
    protected boolean isErasure(LiveCandidate candidate) {
        return candidate.getErasure();
    }

    @Override
    protected void countSent(FanscoreMetrics metrics) {
        metrics.notificationSent();
    }

    @Override
    protected void countSuppressed(FanscoreMetrics metrics, String reason) {
        metrics.notificationSuppressed(reason);
    }
}
