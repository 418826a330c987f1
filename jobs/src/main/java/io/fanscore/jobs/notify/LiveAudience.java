package io.fanscore.jobs.notify;

import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.rules.scoring.NotifyRule;
import io.fanscore.schema.LiveEvent;
import io.fanscore.state.LiveCandidate;
import io.fanscore.state.PairState;

/**
 * Who a live start reaches, before caps (SPEC §7): a fan whose tier as of T is at or above the
 * notify tier and whose notify flag is on. Plain Java; the scorer asks it for every pair of the
 * creator's bucket once event time has passed T, so each pair's state holds exactly its events up
 * to T.
 */
public final class LiveAudience {

    /** What a live start means for one fan. */
    public enum Verdict {
        CANDIDATE,
        /** At or above the tier, but notifications are off. */
        OPTED_OUT,
        BELOW_TIER
    }

    /** The verdict, and for a candidate its record. */
    public record Answer(Verdict verdict, LiveCandidate candidate) {}

    private static final Answer BELOW_TIER = new Answer(Verdict.BELOW_TIER, null);
    private static final Answer OPTED_OUT = new Answer(Verdict.OPTED_OUT, null);

    private final FanLedger ledger;
    private final NotifyRule rule;

    public LiveAudience(FanLedger ledger, NotifyRule rule) {
        this.ledger = ledger;
        this.rule = rule;
    }

    /** What {@code start} means for the fan whose pair state is {@code state}. */
    public Answer answer(String fanId, PairState state, LiveEvent start) {
        return answer(
                fanId, state, start, ledger.standingAt(state, start.getEventTime().toEpochMilli()));
    }

    /**
     * As {@link #answer(String, PairState, LiveEvent)}, with the fan's standing as of the start
     * worked out by the caller (across a change of the creator's profile, say).
     */
    public Answer answer(
            String fanId, PairState state, LiveEvent start, FanLedger.Standing standing) {
        long time = start.getEventTime().toEpochMilli();
        if (!rule.qualifies(standing.tier())) {
            return BELOW_TIER;
        }
        if (!state.getNotify()) {
            return OPTED_OUT;
        }
        return new Answer(
                Verdict.CANDIDATE,
                new LiveCandidate(
                        start.getLiveId(),
                        start.getCreatorId(),
                        fanId,
                        standing.tier(),
                        standing.level(),
                        time,
                        false));
    }
}
