package io.fanscore.connectors.kafka.eventtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which jobs (in this JVM) have read a live partition. A partition with nothing to read may stop
 * holding event time back at once only in a job fed live: there, its first record will be stamped
 * about now, ahead of event time. In a job fed history, a partition that is empty now may receive
 * older records in a moment, so it waits for the idleness like any quiet partition.
 */
final class LiveEvidence {

    private static final Set<String> LIVE_JOBS = ConcurrentHashMap.newKeySet();

    private LiveEvidence() {}

    static void sawLivePartition(String job) {
        LIVE_JOBS.add(job);
    }

    static boolean isLive(String job) {
        return LIVE_JOBS.contains(job);
    }
}
