package io.fanscore.jobs.packages;

import io.fanscore.rules.packages.VersionSchedule;

/**
 * When the packages were in force in one subtask's event time (SPEC §8 v2: a package in force gets
 * versions from its first interval end, members or not), told to each package's versioner as signs
 * ({@link PackageInForce}). Every package is signed at the subtask's earliest step, again whenever
 * a step starts an earlier version interval (at most once per package and interval, not once per
 * step), and a package added at runtime at the event time the subtask has reached. The earliest
 * step over all subtasks is the earliest interaction the job applied, the same in every replay.
 */
public final class InForceSigns {

    private VersionSchedule schedule;

    /**
     * The earliest step since this subtask started. Not kept across restores: signs sent again
     * after one carry real step times, which can never start versions earlier than the first did.
     */
    private long earliest = Long.MAX_VALUE;

    /** The latest step: the event time this subtask has reached in its state. */
    private long latest = Long.MIN_VALUE;

    public InForceSigns(VersionSchedule schedule) {
        this.schedule = schedule;
    }

    /** A package added at runtime versions more often than any before: sign as often as it. */
    public void atLeastEvery(VersionSchedule finer) {
        if (finer.intervalMillis() < schedule.intervalMillis()) {
            schedule = finer;
        }
    }

    /** A pair stepped at {@code time}; true if every package in force is to be signed at it. */
    public boolean steppedAt(long time) {
        latest = Math.max(latest, time);
        boolean earlierInterval =
                earliest == Long.MAX_VALUE
                        || schedule.startsEarlier(time, schedule.firstCutoff(earliest));
        earliest = Math.min(earliest, time);
        return earlierInterval;
    }

    /**
     * The event time reached, for stamping a runtime change: steps run ahead of the watermark
     * within a drain, and the watermark is not kept across a restore.
     */
    public long reached(long watermark) {
        return Math.max(watermark, latest);
    }

    /** The latest step, to keep across a restore. */
    public long latest() {
        return latest;
    }

    public void restoreLatest(long restored) {
        latest = Math.max(latest, restored);
    }
}
