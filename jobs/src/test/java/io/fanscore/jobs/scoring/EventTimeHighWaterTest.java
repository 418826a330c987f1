package io.fanscore.jobs.scoring;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimeHighWaterTest {

    @Test
    void announcesTheLargestTimeReadOnlyAtTheEndOfInputAndBeforeItsWatermark() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processElement(30L, 0);
            harness.processElement(50L, 0);
            harness.processElement(40L, 0);
            harness.processWatermark(new Watermark(45));
            assertThat(harness.extractOutputValues()).isEmpty(); // nothing while input goes on

            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(harness.extractOutputValues()).containsExactly(50L);
            // The announcement travels ahead of the final watermark on the same channel.
            assertThat(harness.getOutput().stream().map(Object::getClass).toList())
                    .last()
                    .isEqualTo(Watermark.class);
        }
    }

    @Test
    void anInputWithoutRecordsAnnouncesNothing() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(harness.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void theLargestTimeSurvivesARestore() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var harness = harness()) {
            harness.open();
            harness.processElement(70L, 0);
            checkpoint = harness.snapshot(1L, 1L);
        }
        try (var restored = harness()) {
            restored.initializeState(checkpoint);
            restored.open();
            restored.processElement(60L, 0);
            restored.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(restored.extractOutputValues()).containsExactly(70L);
        }
    }

    private static OneInputStreamOperatorTestHarness<Long, Long> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new EventTimeHighWater<Long>(time -> time));
    }
}
