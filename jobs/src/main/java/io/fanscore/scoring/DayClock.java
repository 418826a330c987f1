package io.fanscore.scoring;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Maps event times to calendar days in the profile's time zone ("day" in SPEC). */
public final class DayClock implements Serializable {

    private final ZoneId zone;

    public DayClock(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The epoch day (days since 1970-01-01 in the zone) that contains {@code epochMillis}. */
    public int dayOf(long epochMillis) {
        return (int) LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), zone).toEpochDay();
    }

    /** The first millisecond of {@code epochDay} in the zone. */
    public long startOf(int epochDay) {
        return LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
    }
}
