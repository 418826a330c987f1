package io.fanscore.connectors.kafka.eventtime;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a source partition's event time advances (SPEC §6, §7 "in a running job").
 *
 * @param outOfOrdernessMillis the watermark trails a partition's newest event time by this much
 * @param idlenessMillis a partition that is not live and has delivered nothing for this long stops
 *     holding event time back (it is marked idle)
 * @param followWallClock whether a live, caught-up partition's event time follows the wall clock
 *     (off for bounded replays: they advance only with the events they read)
 * @param liveLagMillis a partition is live when its newest event was at most this far behind the
 *     wall clock when read; history replayed into a running job is not live and keeps advancing
 *     only with its own events
 * @param checkIntervalMillis how often a quiet live partition is checked for being caught up
 * @param emitIntervalMillis how often watermarks are emitted downstream
 */
public record EventTimePolicy(
        long outOfOrdernessMillis,
        long idlenessMillis,
        boolean followWallClock,
        long liveLagMillis,
        long checkIntervalMillis,
        long emitIntervalMillis)
        implements Serializable {

    public static final Duration DEFAULT_LIVE_LAG = Duration.ofMinutes(1);
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMillis(500);

    /** Flink's default {@code pipeline.auto-watermark-interval}. */
    public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofMillis(200);

    public EventTimePolicy {
        if (outOfOrdernessMillis < 0 || idlenessMillis <= 0 || liveLagMillis < 0) {
            throw new IllegalArgumentException("negative or zero event-time setting");
        }
        if (checkIntervalMillis <= 0 || emitIntervalMillis <= 0) {
            throw new IllegalArgumentException("check and emit intervals must be positive");
        }
    }

    /** A running job's policy: live partitions follow the wall clock once caught up. */
    public static EventTimePolicy running(Duration outOfOrderness, Duration idleness) {
        return new EventTimePolicy(
                outOfOrderness.toMillis(),
                idleness.toMillis(),
                true,
                DEFAULT_LIVE_LAG.toMillis(),
                DEFAULT_CHECK_INTERVAL.toMillis(),
                DEFAULT_EMIT_INTERVAL.toMillis());
    }

    /** A bounded replay's policy: event time moves with the events read, nothing else. */
    public static EventTimePolicy replay(Duration outOfOrderness, Duration idleness) {
        return new EventTimePolicy(
                outOfOrderness.toMillis(),
                idleness.toMillis(),
                false,
                DEFAULT_LIVE_LAG.toMillis(),
                DEFAULT_CHECK_INTERVAL.toMillis(),
                DEFAULT_EMIT_INTERVAL.toMillis());
    }
}
