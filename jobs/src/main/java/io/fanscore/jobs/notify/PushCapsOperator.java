package io.fanscore.jobs.notify;

import io.fanscore.connectors.ids.DeterministicId;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.rules.scoring.DayClock;
import io.fanscore.rules.scoring.PushRule;
import io.fanscore.schema.PushNotification;
import io.fanscore.state.PushCandidate;

import java.time.Instant;

/**
 * The per-fan cap of push notifications (SPEC §12): per_fan_per_day across creators, granted in (T,
 * push_id) order, apart from the caps of live notifications. There is no per-(creator, fan) cap:
 * the creator's own cap already rations its pushes.
 */
public final class PushCapsOperator extends FanCapsOperator<PushCandidate, PushNotification> {

    /** Namespaces push notification ids apart from live notification ids of the same ids. */
    private static final String ID_KIND = "push";

    public PushCapsOperator(PushRule rule, DayClock clock) {
        super(PushCandidate.class, Integer.MAX_VALUE, rule.perFanPerDay(), clock);
    }

    @Override
    protected long timeOf(PushCandidate candidate) {
        return candidate.getEventTime();
    }

    @Override
    protected String idOf(PushCandidate candidate) {
        return candidate.getPushId();
    }

    @Override
    protected String fanOf(PushCandidate candidate) {
        return candidate.getFanId();
    }

    @Override
    protected String creatorOf(PushCandidate candidate) {
        return candidate.getCreatorId();
    }

    @Override
    protected PushNotification notification(PushCandidate candidate, DeterministicId ids) {
        return new PushNotification(
                ids.of(ID_KIND, candidate.getPushId(), candidate.getFanId()),
                candidate.getPushId(),
                candidate.getCreatorId(),
                candidate.getFanId(),
                candidate.getTier(),
                candidate.getLevel(),
                Instant.ofEpochMilli(candidate.getEventTime()),
                Instant.now());
    }

    @Override
    protected boolean isErasure(PushCandidate candidate) {
        return candidate.getErasure();
    }

    @Override
    protected void countSent(FanscoreMetrics metrics) {
        metrics.pushSent();
    }

    @Override
    protected void countSuppressed(FanscoreMetrics metrics, String reason) {
        metrics.pushSuppressed(reason);
    }
}
