package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;

import java.io.Serializable;

/** The checks of SPEC §9 on a decoded live event. */
public final class LiveEventValidator implements Serializable {

    private final InputLimits limits;

    public LiveEventValidator(InputLimits limits) {
        this.limits = limits;
    }

    /** The rejection, or null if the event is valid, judged against the wall clock now. */
    public Rejection check(LiveEvent event) {
        return check(event, System.currentTimeMillis());
    }

    /** The rejection, or null if the event is valid, for a record read at {@code readAtMillis}. */
    public Rejection check(LiveEvent event, long readAtMillis) {
        String missing = null;
        if (FieldChecks.isEmpty(event.getLiveId())) {
            missing = "live_id";
        } else if (FieldChecks.isEmpty(event.getCreatorId())) {
            missing = "creator_id";
        } else if (event.getType() == null) {
            missing = "type";
        } else if (event.getEventTime() == null) {
            missing = "event_time";
        }
        if (missing != null) {
            return FieldChecks.missing(missing);
        }
        if (event.getType() == LiveEventType.UNKNOWN) {
            return new Rejection(
                    DeadLetterReason.UNKNOWN_TYPE, "type is not LIVE_START or LIVE_END");
        }
        String invalid = FieldChecks.tooLong("live_id", event.getLiveId(), limits);
        if (invalid == null) {
            invalid = FieldChecks.tooLong("creator_id", event.getCreatorId(), limits);
        }
        if (invalid == null) {
            invalid = FieldChecks.badEventTime(event.getEventTime(), readAtMillis, limits);
        }
        return invalid == null ? null : new Rejection(DeadLetterReason.INVALID_VALUE, invalid);
    }
}
