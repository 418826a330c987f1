package io.fanscore.jobs.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionHighWaterTest {

    private final PartitionHighWater highWater = new PartitionHighWater(10_000);

    @Test
    void anEventUpToTheBoundBehindItsPartitionIsOnTime() {
        assertThat(highWater.isLateElseRecord(0, 100_000)).isFalse();
        assertThat(highWater.isLateElseRecord(0, 90_000)).isFalse();
        assertThat(highWater.isLateElseRecord(0, 89_999)).isTrue();
    }

    @Test
    void partitionsAreJudgedSeparately() {
        highWater.isLateElseRecord(0, 100_000);
        assertThat(highWater.isLateElseRecord(1, 50_000)).isFalse();
    }

    @Test
    void aLateEventDoesNotMoveTheHighWater() {
        highWater.isLateElseRecord(0, 100_000);
        highWater.isLateElseRecord(0, 1_000);
        assertThat(highWater.snapshot()).containsEntry(0, 100_000L);
    }

    @Test
    void restoringKeepsTheLargerTimeWhenPartitionsMeet() {
        highWater.restore(3, 5_000);
        highWater.restore(3, 4_000);
        assertThat(highWater.snapshot()).containsEntry(3, 5_000L);
    }
}
