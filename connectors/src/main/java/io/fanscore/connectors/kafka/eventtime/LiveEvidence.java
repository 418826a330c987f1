package io.fanscore.connectors.kafka.eventtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which jobs (in this JVM) have read a live partition. A partition with nothing to read may stop
 * holding event time back at once only in a job fed live: there, its first record will be stamped
 * about now, ahead of event time. In a job fed history, a partition that is empty now may receive
 * older records in a moment, so it waits for the idleness like any quiet partition.
 *
 * <p>It remembers when (wall clock) a job was first seen live: an emptiness the broker confirmed
 * before then says nothing about records appended since — a job started before its producer, say,
 * whose partitions were empty at the start and then received a backlog.
 */
final class LiveEvidence {

    /** What {@link #liveSince} answers for a job not (yet) seen live. */
    static final long NOT_LIVE = Long.MAX_VALUE;

    private static final Map<String, Long> LIVE_SINCE = new ConcurrentHashMap<>();

    private LiveEvidence() {}

    static void sawLivePartition(String job, long wallNow) {
        LIVE_SINCE.putIfAbsent(job, wallNow);
    }

    /** When the job was first seen live, or {@link #NOT_LIVE}. */
    static long liveSince(String job) {
        return LIVE_SINCE.getOrDefault(job, NOT_LIVE);
    }
}
