package io.fanscore.jobs.notify;

import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.apache.avro.specific.SpecificRecordBase;

/**
 * Keyed by a global id (a live_id, a push_id): each id is sent once, whichever creator sends it
 * (SPEC §7, §12: two outputs never share an id). Of several records with one id the earliest (then
 * the smallest creator_id) wins whatever the arrival order.
 *
 * <p>Records are passed on as they arrive, not held for the watermark: the stages after this hold
 * them until event time passes T, and one that waited here first could reach them after records of
 * a busier topic had carried their event time past T. A record that arrives after another with its
 * id is dropped if it is later; if it is earlier, it is passed on together with the withdrawal of
 * the one it replaces, which reaches that one's next stage before its event time can pass it (it is
 * not late, so event time has not passed it yet). An id is remembered for {@code memory} of event
 * time after its record, then forgotten, so state holds only the ids of that horizon.
 */
public abstract class OncePerIdSequencer<R extends SpecificRecordBase>
        extends KeyedProcessFunction<String, SourceEnvelope<R>, CreatorSignal> {

    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("late-creator-signals", new AvroTypeInfo<>(DeadLetter.class)) {};

    private final Class<R> type;
    private final String stateName;
    private final long memoryMillis;

    private transient ValueState<R> first;
    private transient FanscoreMetrics metrics;

    protected OncePerIdSequencer(Class<R> type, String stateName, long memoryMillis) {
        this.type = type;
        this.stateName = stateName;
        this.memoryMillis = memoryMillis;
    }

    public static TypeInformation<CreatorSignal> signalType() {
        return TypeInformation.of(CreatorSignal.class);
    }

    /** Whether the record is sent at all (a LIVE_END is not). */
    protected abstract boolean sends(R record);

    protected abstract long timeOf(R record);

    /** Whether {@code a} wins over {@code b} of the same id: earlier, then smaller creator. */
    protected abstract boolean before(R a, R b);

    protected abstract CreatorSignal sent(R record, int partition, long offset);

    protected abstract CreatorSignal withdrawal(R record);

    protected abstract void countRepeat(FanscoreMetrics metrics);

    @Override
    public void open(OpenContext openContext) {
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
        first =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>(stateName, new AvroTypeInfo<>(type)));
    }

    @Override
    public void processElement(
            SourceEnvelope<R> envelope, Context ctx, Collector<CreatorSignal> out)
            throws Exception {
        R record = envelope.record;
        long time = timeOf(record);
        long watermark = ctx.timerService().currentWatermark();
        if (time <= watermark) {
            metrics.deadLetter(DeadLetterReason.LATE);
            ctx.output(
                    LATE,
                    DeadLetters.of(
                            envelope,
                            DeadLetterReason.LATE,
                            "event_time " + time + " is at or behind the watermark " + watermark));
            return;
        }
        if (!sends(record)) {
            return;
        }
        R earlier = first.value();
        if (earlier != null && !before(record, earlier)) {
            countRepeat(metrics);
            return;
        }
        if (earlier != null) {
            countRepeat(metrics);
            out.collect(withdrawal(earlier));
        }
        first.update(record);
        ctx.timerService().registerEventTimeTimer(time + memoryMillis);
        out.collect(sent(record, envelope.partition, envelope.offset));
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<CreatorSignal> out)
            throws Exception {
        R record = first.value();
        if (record != null && timeOf(record) <= time - memoryMillis) {
            first.clear();
        }
    }
}
