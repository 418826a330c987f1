package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;

import java.time.Instant;

/** The dead-letter detail of a record stamped too far ahead of the wall clock (SPEC §9 v2). */
final class FutureSkew {

    private FutureSkew() {}

    static String detail(Instant eventTime, long readAtMillis, InputLimits limits) {
        return "event_time "
                + eventTime
                + " is more than "
                + limits.maxFutureSkewMillis()
                + " ms ahead of the wall clock when read ("
                + Instant.ofEpochMilli(readAtMillis)
                + ")";
    }
}
