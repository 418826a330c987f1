package io.fanscore.jobs.packages;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Takes a stream out of event time: passes its records on and declares itself idle from the start,
 * so a downstream operator's event time is that of its other input alone. Package changes are
 * configuration, not events. Joined to the scored stream, their own watermarks would either stall
 * package versions (a source subtask without a partition emits none) or, at +∞, push them to the
 * end of time whenever the scored input goes idle.
 */
public final class OutsideEventTime<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {

    @Override
    public void open() throws Exception {
        super.open();
        output.emitWatermarkStatus(WatermarkStatus.IDLE);
    }

    @Override
    public void processElement(StreamRecord<T> record) {
        output.collect(record);
    }

    @Override
    public void processWatermark(Watermark mark) {
        // Not event time.
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // Idle for good.
    }
}
