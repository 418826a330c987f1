package io.fanscore.jobs.scoring;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Tracks the largest event time read and announces it just before the end-of-input watermark.
 * Chained to each ingest, so it costs a comparison per record and sends nothing until the end.
 *
 * <p>A bounded replay ends with a watermark of +∞, which would fire every day-start timer into the
 * future. SPEC §6 wants event time to stop at the largest event time read, so the scorer receives
 * that time first (on the same channel, hence before the final watermark) and ignores day starts
 * after it.
 */
public final class EventTimeHighWater<T> extends AbstractStreamOperator<Long>
        implements OneInputStreamOperator<T, Long> {

    /** The event time of a record. */
    public interface EventTimeOf<T> extends java.io.Serializable {
        long of(T record);
    }

    private final EventTimeOf<T> eventTimeOf;

    private transient long maxEventTime;

    public EventTimeHighWater(EventTimeOf<T> eventTimeOf) {
        this.eventTimeOf = eventTimeOf;
    }

    private transient ListState<Long> maxState;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        maxState =
                context.getOperatorStateStore()
                        .getUnionListState(new ListStateDescriptor<>("max-event-time", Types.LONG));
        maxEventTime = Long.MIN_VALUE;
        for (Long restored : maxState.get()) {
            maxEventTime = Math.max(maxEventTime, restored);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        maxState.update(java.util.List.of(maxEventTime));
    }

    @Override
    public void processElement(StreamRecord<T> record) {
        maxEventTime = Math.max(maxEventTime, eventTimeOf.of(record.getValue()));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE && maxEventTime != Long.MIN_VALUE) {
            output.collect(new StreamRecord<>(maxEventTime));
        }
        super.processWatermark(mark);
    }
}
