package io.fanscore.scoring;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Maps event times to calendar days in the profile's time zone ("day" in SPEC). Remembers the last
 * day it computed, because consecutive events almost always fall on the same day and the time-zone
 * arithmetic is the expensive part.
 */
public final class DayClock implements Serializable {

    /** One day and the half-open range of epoch milliseconds it covers. */
    private record Span(int day, long start, long end) {}

    private final ZoneId zone;
    private transient Span last;
    private transient Span lastAsked;

    public DayClock(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The epoch day (days since 1970-01-01 in the zone) that contains {@code epochMillis}. */
    public int dayOf(long epochMillis) {
        Span span = last;
        if (span != null && epochMillis >= span.start && epochMillis < span.end) {
            return span.day;
        }
        int day = (int) LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), zone).toEpochDay();
        last = new Span(day, startOfUncached(day), startOfUncached(day + 1));
        return day;
    }

    /** The first millisecond of {@code epochDay} in the zone. */
    public long startOf(int epochDay) {
        Span span = last;
        if (span != null && span.day == epochDay) {
            return span.start;
        }
        // Wake times of active pairs ask for the same day over and over.
        Span asked = lastAsked;
        if (asked == null || asked.day != epochDay) {
            asked = new Span(epochDay, startOfUncached(epochDay), 0);
            lastAsked = asked;
        }
        return asked.start;
    }

    private long startOfUncached(int epochDay) {
        return LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
    }
}
