package io.fanscore.rules.scoring;

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

    /** Days whose start {@link #startOf} remembers: a power of two, 64 days around any day. */
    private static final int STARTS = 64;

    private transient Span last;
    private transient Span[] starts;

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
        // Wake times ask for many different days (a pair's next day, the day its decay starts,
        // the day it would expire), so a small table of recent days, indexed by day.
        Span[] table = starts;
        if (table == null) {
            table = new Span[STARTS];
            starts = table;
        }
        int slot = epochDay & (STARTS - 1);
        Span cached = table[slot];
        if (cached == null || cached.day != epochDay) {
            cached = new Span(epochDay, startOfUncached(epochDay), 0);
            table[slot] = cached;
        }
        return cached.start;
    }

    private long startOfUncached(int epochDay) {
        return LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
    }
}
