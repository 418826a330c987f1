package io.fanscore.jobs.ingest;

import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.Map;

/**
 * First stop of every input record: rejected decodes, invalid values (SPEC §9) and late records
 * (SPEC §6) go to the dead-letter side output with their original bytes and coordinates; valid
 * records go on. Never throws on input. Subclasses say what valid means for their record type.
 */
public abstract class RecordIngest<T, OUT> extends ProcessFunction<SourceEnvelope<T>, OUT>
        implements CheckpointedFunction {

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", DeadLetterTypes.INFO) {};

    private final long outOfOrdernessMillis;

    private transient PartitionHighWater highWater;
    private transient ListState<Tuple2<Integer, Long>> highWaterState;
    protected transient FanscoreMetrics metrics;

    protected RecordIngest(long outOfOrdernessMillis) {
        this.outOfOrdernessMillis = outOfOrdernessMillis;
    }

    /** Why {@code record}, read at {@code readAtMillis}, is invalid, or null if it is valid. */
    protected abstract Rejection check(T record, long readAtMillis);

    protected abstract long eventTime(T record);

    /**
     * Whether a record behind its partition's bound is dead-lettered as LATE (SPEC §6); an input
     * whose late records must still take effect says no, and its operator decides what late means.
     */
    public boolean refusesLate() {
        return true;
    }

    /** Emits a valid, on-time record. */
    protected abstract void accept(SourceEnvelope<T> envelope, Collector<OUT> out);

    @Override
    public void open(OpenContext openContext) {
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(SourceEnvelope<T> envelope, Context ctx, Collector<OUT> out) {
        if (envelope.isRejected()) {
            reject(ctx, envelope, envelope.rejection, envelope.rejectionDetail);
            return;
        }
        // Judged already where its event time was first needed, unless no one needed it.
        Rejection rejection =
                envelope.validated ? null : check(envelope.record, envelope.readAtMillis);
        if (rejection != null) {
            reject(ctx, envelope, rejection.reason(), rejection.detail());
            return;
        }
        long eventTime = eventTime(envelope.record);
        if (highWater.isLateElseRecord(envelope.partition, eventTime) && refusesLate()) {
            reject(
                    ctx,
                    envelope,
                    DeadLetterReason.LATE,
                    "event_time "
                            + eventTime
                            + " is more than "
                            + outOfOrdernessMillis
                            + " ms behind partition "
                            + envelope.partition);
            return;
        }
        accept(envelope, out);
    }

    private void reject(
            Context ctx, SourceEnvelope<T> envelope, DeadLetterReason reason, String detail) {
        metrics.deadLetter(reason);
        ctx.output(DEAD_LETTERS, DeadLetters.of(envelope, reason, detail));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        highWaterState.clear();
        for (Map.Entry<Integer, Long> entry : highWater.snapshot().entrySet()) {
            highWaterState.add(Tuple2.of(entry.getKey(), entry.getValue()));
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        highWater = new PartitionHighWater(outOfOrdernessMillis);
        // Union state: after rescaling, every subtask sees every partition's high water.
        highWaterState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "partition-high-water",
                                        Types.TUPLE(Types.INT, Types.LONG)));
        for (Tuple2<Integer, Long> entry : highWaterState.get()) {
            highWater.restore(entry.f0, entry.f1);
        }
    }
}
