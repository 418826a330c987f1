package io.fanscore.config;

import org.apache.flink.util.TimeUtils;

import java.time.Duration;

/**
 * The one duration syntax of every fanscore file and option: Flink's own ({@code 500ms}, {@code
 * 10s}, {@code 5min} or {@code 5m}, {@code 24h}, {@code 30d}; a bare number is milliseconds;
 * ISO-8601 such as {@code PT1H30M} too), so a value means the same in a profile, a package file, a
 * job option and Flink's configuration.
 */
public final class Durations {

    private Durations() {}

    /**
     * The duration {@code text} names.
     *
     * @throws IllegalArgumentException if it names none, or a negative one
     */
    public static Duration parse(String text) {
        Duration duration;
        try {
            duration = TimeUtils.parseDuration(text.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration such as 500ms, 10s, 5min, 24h or 30d", e);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is negative");
        }
        return duration;
    }
}
