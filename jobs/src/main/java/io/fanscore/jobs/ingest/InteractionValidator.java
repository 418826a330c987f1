package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;

import java.io.Serializable;

/** The checks of SPEC §9 on a decoded interaction, in the order their reasons are listed. */
public final class InteractionValidator implements Serializable {

    private final InputLimits limits;

    public InteractionValidator(InputLimits limits) {
        this.limits = limits;
    }

    /** The rejection, or null if the event is valid, judged against the wall clock now. */
    public Rejection check(InteractionEvent event) {
        return check(event, System.currentTimeMillis());
    }

    /** The rejection, or null if the event is valid, for a record read at {@code readAtMillis}. */
    public Rejection check(InteractionEvent event, long readAtMillis) {
        Rejection missing = missingField(event);
        if (missing != null) {
            return missing;
        }
        if (event.getType() == InteractionType.UNKNOWN) {
            return new Rejection(DeadLetterReason.UNKNOWN_TYPE, "type is not a known interaction");
        }
        return invalidValue(event, readAtMillis);
    }

    private static Rejection missingField(InteractionEvent event) {
        String field = null;
        if (isEmpty(event.getEventId())) {
            field = "event_id";
        } else if (isEmpty(event.getCreatorId())) {
            field = "creator_id";
        } else if (isEmpty(event.getFanId())) {
            field = "fan_id";
        } else if (event.getType() == null) {
            field = "type";
        } else if (event.getEventTime() == null) {
            field = "event_time";
        }
        return field == null
                ? null
                : new Rejection(DeadLetterReason.MISSING_FIELD, field + " is null or empty");
    }

    private Rejection invalidValue(InteractionEvent event, long readAtMillis) {
        String problem = null;
        if (event.getEventId().length() > limits.maxIdLength()) {
            problem = "event_id longer than " + limits.maxIdLength();
        } else if (event.getCreatorId().length() > limits.maxIdLength()) {
            problem = "creator_id longer than " + limits.maxIdLength();
        } else if (event.getFanId().length() > limits.maxIdLength()) {
            problem = "fan_id longer than " + limits.maxIdLength();
        } else if (event.getEventTime().toEpochMilli() < limits.minEventTime()) {
            problem =
                    "event_time " + event.getEventTime() + " is before the earliest accepted time";
        } else if (limits.isTooFarAhead(event.getEventTime().toEpochMilli(), readAtMillis)) {
            problem = FutureSkew.detail(event.getEventTime(), readAtMillis, limits);
        } else if (event.getWatchSeconds() != null
                && (event.getWatchSeconds() < 0
                        || event.getWatchSeconds() > limits.maxWatchSeconds())) {
            problem =
                    "watch_seconds "
                            + event.getWatchSeconds()
                            + " outside 0.."
                            + limits.maxWatchSeconds();
        } else if (event.getAmountCents() != null
                && (event.getAmountCents() < 0
                        || event.getAmountCents() > limits.maxAmountCents())) {
            problem =
                    "amount_cents "
                            + event.getAmountCents()
                            + " outside 0.."
                            + limits.maxAmountCents();
        }
        return problem == null ? null : new Rejection(DeadLetterReason.INVALID_VALUE, problem);
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
