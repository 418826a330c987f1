package io.fanscore.jobs.notify;

import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.rules.scoring.PushRule;
import io.fanscore.schema.CreatorPush;
import io.fanscore.state.PairState;
import io.fanscore.state.PushCandidate;

/**
 * Who an accepted push reaches, before the per-fan cap (SPEC §12): a fan following the creator as
 * of T, whose tier as of T is at or above the push's min_tier (or the profile's) and whose notify
 * flag is on. Plain Java; the scorer asks it for every pair of the creator's bucket once event time
 * has passed T, so each pair's state holds exactly its events up to T.
 */
public final class PushAudience {

    /** What a push means for one fan. */
    public enum Verdict {
        CANDIDATE,
        /** Following and at or above the tier, but notifications are off. */
        OPTED_OUT,
        /** Not following, or below the tier. */
        NOT_REACHED
    }

    /** The verdict, and for a candidate its record. */
    public record Answer(Verdict verdict, PushCandidate candidate) {}

    private static final Answer NOT_REACHED = new Answer(Verdict.NOT_REACHED, null);
    private static final Answer OPTED_OUT = new Answer(Verdict.OPTED_OUT, null);

    private PushAudience() {}

    /**
     * What {@code push} means for the fan whose pair state is {@code state} and whose standing as
     * of the push is {@code standing}, under the creator's {@code rule}.
     */
    public static Answer answer(
            String fanId,
            PairState state,
            CreatorPush push,
            FanLedger.Standing standing,
            PushRule rule) {
        if (!state.getFollowing() || !rule.reaches(standing.tier(), push.getMinTier())) {
            return NOT_REACHED;
        }
        if (!state.getNotify()) {
            return OPTED_OUT;
        }
        return new Answer(
                Verdict.CANDIDATE,
                new PushCandidate(
                        push.getPushId(),
                        push.getCreatorId(),
                        fanId,
                        standing.tier(),
                        standing.level(),
                        push.getEventTime().toEpochMilli(),
                        false));
    }
}
