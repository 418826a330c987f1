package io.fanscore.jobs.metrics;

import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TierPopulationsTest {

    private static final int MAX_PARALLELISM = 128;

    @Test
    void everyChangeMovesOneFanFromItsOldTierToItsNewOne() throws Exception {
        TierPopulations populations = new TierPopulations();
        try (var harness = open(populations, null, 1, 0)) {
            feed(harness, Tier.NONE, Tier.POTENTIAL);
            feed(harness, Tier.NONE, Tier.CASUAL);
            feed(harness, Tier.POTENTIAL, Tier.CASUAL);
            feed(harness, Tier.CASUAL, Tier.FAVORABLE);
            feed(harness, Tier.CASUAL, Tier.NONE); // expiry

            assertThat(populations.fans(Tier.POTENTIAL)).isZero();
            assertThat(populations.fans(Tier.CASUAL)).isZero();
            assertThat(populations.fans(Tier.FAVORABLE)).isEqualTo(1);
            assertThat(populations.fans(Tier.DEVOTED)).isZero();
        }
    }

    @Test
    void theSumOverSubtasksSurvivesARestoreAtAnotherParallelism() throws Exception {
        OperatorSubtaskState first;
        OperatorSubtaskState second;
        try (var harness = open(new TierPopulations(), null, 2, 0)) {
            for (int i = 0; i < 7; i++) {
                feed(harness, Tier.NONE, Tier.CASUAL);
            }
            feed(harness, Tier.CASUAL, Tier.DEVOTED);
            first = harness.snapshot(1, 1);
        }
        try (var harness = open(new TierPopulations(), null, 2, 1)) {
            for (int i = 0; i < 3; i++) {
                feed(harness, Tier.NONE, Tier.POTENTIAL);
            }
            feed(harness, Tier.POTENTIAL, Tier.CASUAL); // a fan counted in by the other subtask
            feed(harness, Tier.CASUAL, Tier.NONE);
            second = harness.snapshot(1, 1);
        }
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(first, second);

        for (int parallelism : new int[] {1, 3}) {
            long[] totals = new long[Tier.values().length];
            for (int subtask = 0; subtask < parallelism; subtask++) {
                TierPopulations populations = new TierPopulations();
                OperatorSubtaskState share =
                        AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                both, MAX_PARALLELISM, 2, parallelism, subtask);
                try (var ignored = open(populations, share, parallelism, subtask)) {
                    for (Tier tier : Tier.values()) {
                        totals[tier.ordinal()] += populations.fans(tier);
                    }
                }
            }
            assertThat(totals[Tier.POTENTIAL.ordinal()]).as("at %d", parallelism).isEqualTo(2);
            assertThat(totals[Tier.CASUAL.ordinal()]).as("at %d", parallelism).isEqualTo(6);
            assertThat(totals[Tier.DEVOTED.ordinal()]).as("at %d", parallelism).isEqualTo(1);
            assertThat(totals[Tier.FAVORABLE.ordinal()]).as("at %d", parallelism).isZero();
        }
    }

    private static OneInputStreamOperatorTestHarness<TierChange, Void> open(
            TierPopulations populations, OperatorSubtaskState state, int parallelism, int subtask)
            throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(populations), MAX_PARALLELISM, parallelism, subtask);
        harness.setup();
        harness.initializeState(state);
        harness.open();
        return harness;
    }

    private static void feed(
            OneInputStreamOperatorTestHarness<TierChange, Void> harness, Tier from, Tier to)
            throws Exception {
        harness.processElement(
                TierChange.newBuilder()
                        .setChangeId("c")
                        .setCreatorId("creator-1")
                        .setFanId("fan-1")
                        .setFromTier(from)
                        .setToTier(to)
                        .setIntimacy(0)
                        .setLevel(0)
                        .setEventTime(Instant.EPOCH)
                        .setCause("e")
                        .build(),
                0);
    }
}
