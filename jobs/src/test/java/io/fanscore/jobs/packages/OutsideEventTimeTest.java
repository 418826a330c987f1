package io.fanscore.jobs.packages;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream taken out of event time: records pass as they are, the operator is idle from the start
 * and nothing of its input's event time gets through.
 */
class OutsideEventTimeTest {

    private OneInputStreamOperatorTestHarness<String, String> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new OutsideEventTime<String>());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void itIsIdleFromTheStartBeforeAnyRecord() {
        assertThat(harness.getOutput()).containsExactly(WatermarkStatus.IDLE);
    }

    @Test
    void recordsPassWithTheirTimestampsOrWithout() throws Exception {
        harness.processElement("a", 5L);
        harness.processElement(new StreamRecord<>("b"));

        assertThat(harness.getOutput())
                .containsExactly(
                        WatermarkStatus.IDLE, new StreamRecord<>("a", 5L), new StreamRecord<>("b"));
    }

    @Test
    void watermarksAndStatusesOfTheInputAreSwallowed() throws Exception {
        harness.processWatermark(new Watermark(100L));
        harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
        harness.processElement("a", 200L);
        harness.processWatermark(Watermark.MAX_WATERMARK);
        harness.processWatermarkStatus(WatermarkStatus.IDLE);

        assertThat(harness.getOutput())
                .containsExactly(WatermarkStatus.IDLE, new StreamRecord<>("a", 200L));
    }
}
