package io.fanscore.connectors.kafka.eventtime;

/**
 * The event-time rules of one source partition (SPEC §6 and §7 "in a running job").
 *
 * <ul>
 *   <li>Its watermark trails the newest event time read by the out-of-orderness bound.
 *   <li>A <b>live</b> partition (its newest event was at most {@code liveLag} behind the wall clock
 *       when read) that is <b>caught up</b> — the broker confirmed, at wall-clock instant t, that
 *       nothing after the last record read had been appended — has a floor: {@code t − bound − 1 −
 *       lag}, lag being how far its newest event was behind the wall clock when read. So a quiet
 *       live partition lets event time run on with the wall clock and never holds outputs back,
 *       while a backlog (records appended but not yet read) or an unreachable broker never moves
 *       it: records still to be read cannot become late by waiting.
 *   <li>In a job fed live, a partition that has delivered nothing since the job (re)started and
 *       that the broker confirms has nothing to read — at a check made after the job was first seen
 *       live, and with no later check finding records pending — has the floor of a live partition
 *       with no lag, {@code t − bound − 1}: it never holds outputs back, and a record produced on
 *       it now is on time when it reaches the operators after it. (Marked idle instead, it would
 *       let the other inputs carry event time past a record produced on it right now — a first live
 *       start, say — before that record arrives.)
 *   <li>A partition that is not live and has delivered nothing for {@code idleness} of activity
 *       time is idle: it stops holding event time back until its next record.
 * </ul>
 */
final class PartitionProgress {

    private final EventTimePolicy policy;

    private long maxEventTime = Long.MIN_VALUE;
    private long lagOfMax;

    /** The next offset to read, or -1 while it is not known (a start "at earliest", ...). */
    private long nextOffset;

    /** Where reading started: an offset, or one of the Kafka source's start markers. */
    private final long startingOffset;

    private boolean hasRecords;

    /** Confirmed by the broker: nothing to read since the job (re)started here. */
    private boolean nothingToRead;

    /** When the broker last confirmed {@link #nothingToRead} (wall clock at the check). */
    private long emptyCheckedAt = Long.MIN_VALUE;

    private long lastRecordActivity;
    private long floor = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    /** Whether the output was last told the partition is idle. */
    private boolean idle;

    /** End offset seen by the previous check, to tolerate one transaction marker (see below). */
    private long previousEndOffset = -1;

    PartitionProgress(EventTimePolicy policy, long activityNow, long startingOffset) {
        this.policy = policy;
        this.lastRecordActivity = activityNow;
        this.startingOffset = startingOffset;
        this.nextOffset = startingOffset >= 0 ? startingOffset : -1;
    }

    PartitionProgress(EventTimePolicy policy, long activityNow) {
        this(policy, activityNow, -1);
    }

    /** Where reading started (an offset, or a start marker while no record was read). */
    long startingOffset() {
        return startingOffset;
    }

    /**
     * A record was read.
     *
     * @param eventTime its event time, or {@link RecordPosition#NO_EVENT_TIME}
     */
    void onRecord(long offset, long eventTime, long wallNow, long activityNow) {
        nextOffset = Math.max(nextOffset, offset + 1);
        lastRecordActivity = activityNow;
        hasRecords = true;
        nothingToRead = false;
        if (eventTime != RecordPosition.NO_EVENT_TIME && eventTime > maxEventTime) {
            maxEventTime = eventTime;
            lagOfMax = Math.max(0, wallNow - eventTime);
        }
    }

    boolean isLive() {
        return policy.followWallClock()
                && maxEventTime != Long.MIN_VALUE
                && lagOfMax <= policy.liveLagMillis();
    }

    /** Whether this partition is worth asking the broker about now. */
    boolean wantsCatchUpCheck(long activityNow) {
        boolean quiet = activityNow - lastRecordActivity >= policy.checkIntervalMillis();
        return quiet && (isLive() || !hasRecords);
    }

    /** The next offset to read, as known when a check is sent. */
    long nextOffset() {
        return nextOffset;
    }

    /**
     * The broker's answer to a check sent at wall-clock {@code checkedAt}, when the next offset to
     * read was {@code nextOffsetThen}: the partition's end offset (read_committed).
     *
     * <p>An end offset one past the next offset is accepted when the previous check saw the same
     * end: that is a transaction's commit marker (which is never delivered as a record), since an
     * unread record would have been fetched between two checks.
     */
    void onEndOffset(long checkedAt, long nextOffsetThen, long endOffset) {
        boolean caughtUp =
                nextOffsetThen >= 0
                        && (endOffset <= nextOffsetThen
                                || (endOffset == nextOffsetThen + 1
                                        && endOffset == previousEndOffset));
        previousEndOffset = endOffset;
        if (!caughtUp) {
            // Records were appended since an earlier check found it empty: that answer is stale.
            nothingToRead = nothingToRead && hasRecords;
            return;
        }
        if (isLive()) {
            floor = Math.max(floor, checkedAt - policy.outOfOrdernessMillis() - 1 - lagOfMax);
        } else if (!hasRecords) {
            // An empty partition (or one read to its end before a restart) holds nothing back.
            nothingToRead = true;
            emptyCheckedAt = Math.max(emptyCheckedAt, checkedAt);
        }
    }

    /** The partition's watermark now (Long.MIN_VALUE before any event). */
    long watermark() {
        long fromEvents =
                maxEventTime == Long.MIN_VALUE
                        ? Long.MIN_VALUE
                        : maxEventTime - policy.outOfOrdernessMillis() - 1;
        return Math.max(fromEvents, floor);
    }

    /** What a partition's output should be told now. */
    sealed interface Signal permits None, Idle, Mark {}

    /** Nothing new to tell. */
    record None() implements Signal {}

    /** Mark the partition idle. */
    record Idle() implements Signal {}

    /** Emit this watermark (which also ends idleness). */
    record Mark(long watermark) implements Signal {}

    private static final Signal NONE = new None();
    private static final Signal IDLE = new Idle();

    /**
     * What to tell the partition's output at activity time {@code activityNow}.
     *
     * @param liveSince the wall-clock instant the job was first seen reading a live partition, or
     *     {@link LiveEvidence#NOT_LIVE} (see {@link LiveEvidence})
     */
    Signal signal(long activityNow, long liveSince) {
        // Only an emptiness confirmed after the job was seen live counts: one confirmed earlier
        // may predate records appended since (a backlog produced while the job waited for it).
        boolean emptyInLiveJob =
                nothingToRead
                        && liveSince != LiveEvidence.NOT_LIVE
                        && emptyCheckedAt >= liveSince
                        && policy.followWallClock();
        if (emptyInLiveJob) {
            floor = Math.max(floor, emptyCheckedAt - policy.outOfOrdernessMillis() - 1);
        }
        boolean quietTooLong =
                !isLive()
                        && !emptyInLiveJob
                        && activityNow - lastRecordActivity >= policy.idlenessMillis();
        if (quietTooLong) {
            if (idle) {
                return NONE;
            }
            idle = true;
            return IDLE;
        }
        long watermark = watermark();
        if (watermark != Long.MIN_VALUE && (watermark > emitted || idle)) {
            emitted = Math.max(emitted, watermark);
            idle = false;
            return new Mark(watermark);
        }
        return NONE;
    }
}
