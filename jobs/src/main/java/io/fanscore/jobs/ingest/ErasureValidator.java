package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.ErasureRequest;

import java.io.Serializable;

/**
 * The checks of SPEC §9 on a decoded erasure request: request_id, fan_id and event_time present,
 * ids within limits (creator_id too, when given), and a sane event time.
 */
public final class ErasureValidator implements Serializable {

    private final InputLimits limits;

    public ErasureValidator(InputLimits limits) {
        this.limits = limits;
    }

    /** The rejection, or null if the request is valid, judged against the wall clock now. */
    public Rejection check(ErasureRequest request) {
        return check(request, System.currentTimeMillis());
    }

    /** The rejection, or null if valid, for a record read at {@code readAtMillis}. */
    public Rejection check(ErasureRequest request, long readAtMillis) {
        String missing = null;
        if (FieldChecks.isEmpty(request.getRequestId())) {
            missing = "request_id";
        } else if (FieldChecks.isEmpty(request.getFanId())) {
            missing = "fan_id";
        } else if (request.getCreatorId() != null && request.getCreatorId().isEmpty()) {
            missing = "creator_id"; // absent means every creator; empty is a mistake
        } else if (request.getEventTime() == null) {
            missing = "event_time";
        }
        if (missing != null) {
            return FieldChecks.missing(missing);
        }
        String invalid = FieldChecks.tooLong("request_id", request.getRequestId(), limits);
        if (invalid == null) {
            invalid = FieldChecks.tooLong("fan_id", request.getFanId(), limits);
        }
        if (invalid == null && request.getCreatorId() != null) {
            invalid = FieldChecks.tooLong("creator_id", request.getCreatorId(), limits);
        }
        if (invalid == null) {
            invalid = FieldChecks.badEventTime(request.getEventTime(), readAtMillis, limits);
        }
        return invalid == null ? null : new Rejection(DeadLetterReason.INVALID_VALUE, invalid);
    }
}
