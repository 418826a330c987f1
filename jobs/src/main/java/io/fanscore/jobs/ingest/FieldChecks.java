package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.DeadLetterReason;

import java.time.Instant;

/**
 * The checks of SPEC §9 that every input record shares, each giving the dead letter's detail or
 * null: a validator lists its own fields in order and asks these.
 */
final class FieldChecks {

    private FieldChecks() {}

    static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    static Rejection missing(String field) {
        return new Rejection(DeadLetterReason.MISSING_FIELD, field + " is null or empty");
    }

    /** An id longer than the limit. */
    static String tooLong(String field, String value, InputLimits limits) {
        return value.length() > limits.maxIdLength()
                ? field + " longer than " + limits.maxIdLength()
                : null;
    }

    /**
     * An event time before the earliest accepted one, or so far ahead of the wall clock when read
     * ({@code readAtMillis}) that one such record would carry its partition's event time into the
     * future and make later events late (SPEC §9 v2).
     */
    static String badEventTime(Instant eventTime, long readAtMillis, InputLimits limits) {
        long time = eventTime.toEpochMilli();
        if (time < limits.minEventTime()) {
            return "event_time " + eventTime + " is before the earliest accepted time";
        }
        if (limits.isTooFarAhead(time, readAtMillis)) {
            return "event_time "
                    + eventTime
                    + " is more than "
                    + limits.maxFutureSkewMillis()
                    + " ms ahead of the wall clock when read ("
                    + Instant.ofEpochMilli(readAtMillis)
                    + ")";
        }
        return null;
    }
}
