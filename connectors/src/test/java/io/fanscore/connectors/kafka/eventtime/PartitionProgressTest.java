package io.fanscore.connectors.kafka.eventtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionProgressTest {

    private static final long BOUND = 10_000;
    private static final long IDLENESS = 30_000;
    private static final long NOW = 1_767_585_600_000L; // 2026-01-05T04:00Z

    /** The job was seen live from the start of each scenario. */
    private static final long LIVE_SINCE_START = NOW;

    private final EventTimePolicy running =
            new EventTimePolicy(BOUND, IDLENESS, true, 60_000, 500, 200);
    private final EventTimePolicy replay =
            new EventTimePolicy(BOUND, IDLENESS, false, 60_000, 500, 200);

    @Test
    void theWatermarkTrailsTheNewestEventByTheBound() {
        PartitionProgress progress = new PartitionProgress(running, NOW);
        progress.onRecord(0, NOW - 5_000, NOW, NOW);
        progress.onRecord(1, NOW - 8_000, NOW, NOW);

        assertThat(progress.watermark()).isEqualTo(NOW - 5_000 - BOUND - 1);
    }

    @Test
    void aCaughtUpLivePartitionFollowsTheWallClockLessItsLag() {
        PartitionProgress progress = new PartitionProgress(running, NOW);
        progress.onRecord(41, NOW - 300, NOW, NOW); // read 300 ms after it was stamped
        long later = NOW + 20_000;

        assertThat(progress.wantsCatchUpCheck(later)).isTrue();
        progress.onEndOffset(later, 42, 42);

        assertThat(progress.watermark()).isEqualTo(later - BOUND - 1 - 300);
        assertThat(progress.signal(later, LIVE_SINCE_START))
                .isEqualTo(new PartitionProgress.Mark(later - BOUND - 1 - 300));
    }

    @Test
    void aBacklogNeverMovesTheFloor() {
        PartitionProgress progress = new PartitionProgress(running, NOW);
        progress.onRecord(41, NOW - 300, NOW, NOW);

        progress.onEndOffset(NOW + 60_000, 42, 50); // eight records appended, not yet read

        assertThat(progress.watermark()).isEqualTo(NOW - 300 - BOUND - 1);
    }

    @Test
    void oneTransactionMarkerIsToleratedOnlyWhenTheEndStaysPut() {
        PartitionProgress progress = new PartitionProgress(running, NOW);
        progress.onRecord(41, NOW, NOW, NOW);

        progress.onEndOffset(NOW + 1_000, 42, 43);
        assertThat(progress.watermark()).isEqualTo(NOW - BOUND - 1);

        progress.onEndOffset(NOW + 2_000, 42, 43);
        assertThat(progress.watermark()).isEqualTo(NOW + 2_000 - BOUND - 1);
    }

    @Test
    void historyReplayedIntoARunningJobIsNotLiveAndKeepsItsOwnTime() {
        PartitionProgress progress = new PartitionProgress(running, NOW);
        long lastYear = NOW - 365L * 86_400_000;
        progress.onRecord(7, lastYear, NOW, NOW);

        assertThat(progress.isLive()).isFalse();
        assertThat(progress.wantsCatchUpCheck(NOW + 10_000)).isFalse();
        progress.onEndOffset(NOW + 10_000, 8, 8);

        assertThat(progress.watermark()).isEqualTo(lastYear - BOUND - 1);
    }

    @Test
    void aReplayNeverFollowsTheWallClock() {
        PartitionProgress progress = new PartitionProgress(replay, NOW);
        progress.onRecord(0, NOW, NOW, NOW);
        progress.onEndOffset(NOW + 10_000, 1, 1);

        assertThat(progress.isLive()).isFalse();
        assertThat(progress.watermark()).isEqualTo(NOW - BOUND - 1);
    }

    @Test
    void aQuietPartitionThatIsNotLiveTurnsIdleOnceAndWakesWithItsNextRecord() {
        PartitionProgress progress = new PartitionProgress(replay, NOW);
        progress.onRecord(0, NOW, NOW, NOW);
        assertThat(progress.signal(NOW, LIVE_SINCE_START))
                .isInstanceOf(PartitionProgress.Mark.class);

        assertThat(progress.signal(NOW + IDLENESS - 1, LIVE_SINCE_START))
                .isInstanceOf(PartitionProgress.None.class);
        assertThat(progress.signal(NOW + IDLENESS, LIVE_SINCE_START))
                .isInstanceOf(PartitionProgress.Idle.class);
        assertThat(progress.signal(NOW + IDLENESS + 1, LIVE_SINCE_START))
                .isInstanceOf(PartitionProgress.None.class);

        progress.onRecord(1, NOW - 1_000, NOW + IDLENESS + 2, NOW + IDLENESS + 2);
        // The same watermark again: emitting it is what ends the idleness.
        assertThat(progress.signal(NOW + IDLENESS + 2, LIVE_SINCE_START))
                .isEqualTo(new PartitionProgress.Mark(NOW - BOUND - 1));
    }

    @Test
    void aLivePartitionIsNeverIdleItWaitsForTheBrokerInstead() {
        PartitionProgress progress = new PartitionProgress(running, NOW);
        progress.onRecord(0, NOW, NOW, NOW);
        progress.signal(NOW, LIVE_SINCE_START);

        assertThat(progress.signal(NOW + 10 * IDLENESS, LIVE_SINCE_START))
                .isInstanceOf(PartitionProgress.None.class);
    }

    @Test
    void aPartitionWithoutRecordsTurnsIdleAfterTheIdleness() {
        PartitionProgress progress = new PartitionProgress(running, NOW);

        assertThat(progress.signal(NOW + 1, LIVE_SINCE_START))
                .isInstanceOf(PartitionProgress.None.class);
        assertThat(progress.signal(NOW + IDLENESS, LIVE_SINCE_START))
                .isInstanceOf(PartitionProgress.Idle.class);
    }

    @Test
    void rejectedRecordsMoveTheOffsetButNotEventTime() {
        PartitionProgress progress = new PartitionProgress(running, NOW);
        progress.onRecord(0, NOW, NOW, NOW);
        progress.onRecord(1, RecordPosition.NO_EVENT_TIME, NOW, NOW);

        assertThat(progress.nextOffset()).isEqualTo(2);
        assertThat(progress.watermark()).isEqualTo(NOW - BOUND - 1);
    }

    @Test
    void aPartitionWithNothingToReadSinceTheStartFollowsTheWallClockNeverIdle() {
        // Not idle: other inputs must not carry event time past a record produced on it now.
        PartitionProgress empty = new PartitionProgress(running, NOW, 17);
        assertThat(empty.wantsCatchUpCheck(NOW + 500)).isTrue();

        empty.onEndOffset(NOW + 500, 17, 17);

        assertThat(empty.signal(NOW + 501, LIVE_SINCE_START))
                .isEqualTo(new PartitionProgress.Mark(NOW + 500 - BOUND - 1));
        assertThat(empty.wantsCatchUpCheck(NOW + 1_000)).isTrue();
        empty.onEndOffset(NOW + 1_000, 17, 17);
        assertThat(empty.signal(NOW + 10 * IDLENESS, LIVE_SINCE_START))
                .isEqualTo(new PartitionProgress.Mark(NOW + 1_000 - BOUND - 1));

        // Its first record, produced now, is on time.
        empty.onRecord(17, NOW + 1_200, NOW + 1_200, NOW + 1_200);
        assertThat(empty.watermark()).isEqualTo(NOW + 1_200 - BOUND - 1);
    }

    @Test
    void aPartitionWithRecordsStillToReadWaitsForThem() {
        PartitionProgress backlog = new PartitionProgress(running, NOW, 17);

        backlog.onEndOffset(NOW + 500, 17, 900);

        assertThat(backlog.signal(NOW + 501, LIVE_SINCE_START))
                .isInstanceOf(PartitionProgress.None.class);
        assertThat(backlog.wantsCatchUpCheck(NOW + 1_000)).isTrue();
    }

    @Test
    void anUnknownStartIsNeverTakenForCaughtUp() {
        PartitionProgress unknown = new PartitionProgress(running, NOW, -2);

        unknown.onEndOffset(NOW + 500, -1, 0);

        assertThat(unknown.signal(NOW + 501, LIVE_SINCE_START))
                .isInstanceOf(PartitionProgress.None.class);
    }

    @Test
    void inAJobFedHistoryAnEmptyPartitionWaitsForTheIdleness() {
        // It may receive older records in a moment; turning idle at once would make them late.
        PartitionProgress empty = new PartitionProgress(running, NOW, 17);
        empty.onEndOffset(NOW + 500, 17, 17);

        assertThat(empty.signal(NOW + 501, LiveEvidence.NOT_LIVE))
                .isInstanceOf(PartitionProgress.None.class);
        assertThat(empty.signal(NOW + IDLENESS, LiveEvidence.NOT_LIVE))
                .isInstanceOf(PartitionProgress.Idle.class);
    }

    @Test
    void anEmptinessConfirmedBeforeTheJobWasLiveDoesNotCount() {
        // A job started before its producer: empty at the start, then a backlog is appended; the
        // job turns live when another partition reads the newest records. The stale answer must
        // not let event time run past the backlog still to be read here.
        PartitionProgress startedEarly = new PartitionProgress(running, NOW, 17);
        startedEarly.onEndOffset(NOW + 500, 17, 17);
        long liveAt = NOW + 5_000;

        assertThat(startedEarly.signal(liveAt + 1, liveAt))
                .isInstanceOf(PartitionProgress.None.class);

        startedEarly.onEndOffset(liveAt + 500, 17, 17);
        assertThat(startedEarly.signal(liveAt + 501, liveAt))
                .isEqualTo(new PartitionProgress.Mark(liveAt + 500 - BOUND - 1));
    }

    @Test
    void aCheckFindingRecordsPendingUndoesAnEarlierEmptiness() {
        PartitionProgress filled = new PartitionProgress(running, NOW, 17);
        filled.onEndOffset(NOW + 500, 17, 17);

        filled.onEndOffset(NOW + 1_000, 17, 5_000); // a backlog was appended since

        assertThat(filled.signal(NOW + 1_001, LIVE_SINCE_START))
                .isInstanceOf(PartitionProgress.None.class);
    }
}
