package io.fanscore.jobs.ingest;

import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.scoring.InputLimits;

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
 * First stop of every interaction: rejected decodes, invalid values (SPEC §9) and late events (SPEC
 * §6) go to the dead-letter side output with their original bytes; valid events go on with their
 * source coordinates. Never throws on input.
 */
public final class InteractionIngest
        extends ProcessFunction<SourceEnvelope<InteractionEvent>, PositionedEvent>
        implements CheckpointedFunction {

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("interaction-dead-letters", DeadLetterTypes.INFO) {};

    private final InteractionValidator validator;
    private final long outOfOrdernessMillis;

    private transient PartitionHighWater highWater;
    private transient ListState<Tuple2<Integer, Long>> highWaterState;
    private transient FanscoreMetrics metrics;

    public InteractionIngest(InputLimits limits, long outOfOrdernessMillis) {
        this.validator = new InteractionValidator(limits);
        this.outOfOrdernessMillis = outOfOrdernessMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(
            SourceEnvelope<InteractionEvent> envelope,
            Context ctx,
            Collector<PositionedEvent> out) {
        if (envelope.isRejected()) {
            reject(ctx, envelope, envelope.rejection, envelope.rejectionDetail);
            return;
        }
        InteractionEvent event = envelope.record;
        InteractionValidator.Rejection rejection = validator.check(event);
        if (rejection != null) {
            reject(ctx, envelope, rejection.reason(), rejection.detail());
            return;
        }
        long eventTime = event.getEventTime().toEpochMilli();
        if (highWater.isLateElseRecord(envelope.partition, eventTime)) {
            reject(
                    ctx,
                    envelope,
                    DeadLetterReason.LATE,
                    "event_time "
                            + eventTime
                            + " is more than "
                            + outOfOrdernessMillis
                            + " ms behind its partition");
            return;
        }
        metrics.interaction(event.getType());
        out.collect(new PositionedEvent(event, envelope.partition, envelope.offset));
    }

    private void reject(
            Context ctx,
            SourceEnvelope<InteractionEvent> envelope,
            DeadLetterReason reason,
            String detail) {
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
