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
        if (FieldChecks.isEmpty(event.getEventId())) {
            field = "event_id";
        } else if (FieldChecks.isEmpty(event.getCreatorId())) {
            field = "creator_id";
        } else if (FieldChecks.isEmpty(event.getFanId())) {
            field = "fan_id";
        } else if (event.getType() == null) {
            field = "type";
        } else if (event.getEventTime() == null) {
            field = "event_time";
        }
        return field == null ? null : FieldChecks.missing(field);
    }

    private Rejection invalidValue(InteractionEvent event, long readAtMillis) {
        // In the order SPEC §9 lists them; one record per event, so no varargs array here.
        String problem = FieldChecks.tooLong("event_id", event.getEventId(), limits);
        if (problem == null) {
            problem = FieldChecks.tooLong("creator_id", event.getCreatorId(), limits);
        }
        if (problem == null) {
            problem = FieldChecks.tooLong("fan_id", event.getFanId(), limits);
        }
        if (problem == null) {
            problem = FieldChecks.badEventTime(event.getEventTime(), readAtMillis, limits);
        }
        if (problem == null) {
            problem = amounts(event);
        }
        return problem == null ? null : new Rejection(DeadLetterReason.INVALID_VALUE, problem);
    }

    private String amounts(InteractionEvent event) {
        if (event.getWatchSeconds() != null
                && (event.getWatchSeconds() < 0
                        || event.getWatchSeconds() > limits.maxWatchSeconds())) {
            return "watch_seconds "
                    + event.getWatchSeconds()
                    + " outside 0.."
                    + limits.maxWatchSeconds();
        }
        if (event.getAmountCents() != null
                && (event.getAmountCents() < 0
                        || event.getAmountCents() > limits.maxAmountCents())) {
            return "amount_cents "
                    + event.getAmountCents()
                    + " outside 0.."
                    + limits.maxAmountCents();
        }
        return null;
    }
}
