package io.fanscore.jobs.erasure;

import io.fanscore.schema.ErasureOutcome;
import io.fanscore.state.ErasureShare;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErasureOutcomesTest {

    @Test
    void theOutcomeComesOnceEverySubtaskSentItsShareAndSumsThem() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, ErasureShare, ErasureOutcome> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new ErasureOutcomes(), ErasureShare::getRequestId, Types.STRING)) {
            harness.processElement(share("r1", 1, List.of("p2"), 3), 0);
            harness.processElement(share("r1", 0, List.of(), 3), 0);
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.processElement(share("r1", 2, List.of("p1", "p2"), 3), 0);

            assertThat(harness.extractOutputValues())
                    .singleElement()
                    .satisfies(
                            outcome -> {
                                assertThat(outcome.getRequestId()).isEqualTo("r1");
                                assertThat(outcome.getFanHash()).isEqualTo("hash");
                                assertThat(outcome.getPairsErased()).isEqualTo(3);
                                assertThat(outcome.getPackagesTouched())
                                        .containsExactly("p1", "p2");
                                assertThat(outcome.getEventTime())
                                        .isEqualTo(Instant.ofEpochMilli(1_000));
                            });
        }
    }

    @Test
    void aSingleSubtasksShareIsTheOutcome() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, ErasureShare, ErasureOutcome> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new ErasureOutcomes(), ErasureShare::getRequestId, Types.STRING)) {
            harness.processElement(share("r2", 0, List.of(), 1), 0);
            assertThat(harness.extractOutputValues())
                    .extracting(ErasureOutcome::getPairsErased)
                    .containsExactly(0);
        }
    }

    private static ErasureShare share(
            String request, int pairs, List<String> packages, int subtasks) {
        return ErasureShare.newBuilder()
                .setRequestId(request)
                .setFanHash("hash")
                .setCreatorId(null)
                .setEventTime(1_000)
                .setAppliedAt(1_000)
                .setPairsErased(pairs)
                .setPackagesTouched(packages)
                .setShares(subtasks)
                .build();
    }
}
