package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.Tier;

import java.io.Serializable;

/**
 * The checks of SPEC §9 and §12 on a decoded push: ids present and within limits, a sane event
 * time, and a min_tier (when given) that a fan can have: NONE is INVALID_VALUE.
 */
public final class CreatorPushValidator implements Serializable {

    private final InputLimits limits;

    public CreatorPushValidator(InputLimits limits) {
        this.limits = limits;
    }

    /** The rejection, or null if the push is valid, judged against the wall clock now. */
    public Rejection check(CreatorPush push) {
        return check(push, System.currentTimeMillis());
    }

    /** The rejection, or null if the push is valid, for a record read at {@code readAtMillis}. */
    public Rejection check(CreatorPush push, long readAtMillis) {
        String missing = null;
        if (FieldChecks.isEmpty(push.getPushId())) {
            missing = "push_id";
        } else if (FieldChecks.isEmpty(push.getCreatorId())) {
            missing = "creator_id";
        } else if (push.getEventTime() == null) {
            missing = "event_time";
        }
        if (missing != null) {
            return FieldChecks.missing(missing);
        }
        String invalid = FieldChecks.tooLong("push_id", push.getPushId(), limits);
        if (invalid == null) {
            invalid = FieldChecks.tooLong("creator_id", push.getCreatorId(), limits);
        }
        if (invalid == null && push.getMinTier() == Tier.NONE) {
            invalid = "min_tier NONE is not a tier of a fan";
        }
        if (invalid == null) {
            invalid = FieldChecks.badEventTime(push.getEventTime(), readAtMillis, limits);
        }
        return invalid == null ? null : new Rejection(DeadLetterReason.INVALID_VALUE, invalid);
    }
}
