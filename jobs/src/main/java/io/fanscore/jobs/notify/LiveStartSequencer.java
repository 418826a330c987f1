package io.fanscore.jobs.notify;

import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.Comparator;

/**
 * Keyed by live_id: each live_id starts once, whichever creator sends it (SPEC §7: ids are global,
 * so two notifications never share an id). Of several starts with one live_id the earliest (then
 * the smallest creator_id) wins whatever the arrival order.
 *
 * <p>Starts are passed on as they arrive, not held for the watermark: the buckets that fan them out
 * hold them until event time passes T, and a start that waited here first could reach a bucket
 * after interactions from a busier topic had carried its event time past T. A start that arrives
 * after another with its live_id is dropped if it is later; if it is earlier, it is passed on
 * together with the withdrawal of the one it replaces, which reaches that one's buckets before
 * their event time can pass it (it is not late, so event time has not passed it yet). A live_id is
 * remembered for the profile's live_id_memory of event time after its start, then forgotten, so
 * state holds only the live_ids of that horizon.
 */
public final class LiveStartSequencer
        extends KeyedProcessFunction<String, SourceEnvelope<LiveEvent>, LiveStartSignal> {

    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("late-live-events", new AvroTypeInfo<>(DeadLetter.class)) {};

    /** The order among starts of one live_id: the first wins. */
    static final Comparator<LiveEvent> FIRST =
            Comparator.comparing(LiveEvent::getEventTime).thenComparing(LiveEvent::getCreatorId);

    private final long liveIdMemoryMillis;

    private transient ValueState<LiveEvent> started;
    private transient FanscoreMetrics metrics;

    public LiveStartSequencer(long liveIdMemoryMillis) {
        this.liveIdMemoryMillis = liveIdMemoryMillis;
    }

    public static TypeInformation<LiveEvent> liveEventType() {
        return new AvroTypeInfo<>(LiveEvent.class);
    }

    public static TypeInformation<LiveStartSignal> signalType() {
        return TypeInformation.of(LiveStartSignal.class);
    }

    /** The key: live ids are global. */
    public static String keyOf(SourceEnvelope<LiveEvent> envelope) {
        return envelope.record.getLiveId();
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
        started =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("live-id-started", liveEventType()));
    }

    @Override
    public void processElement(
            SourceEnvelope<LiveEvent> envelope, Context ctx, Collector<LiveStartSignal> out)
            throws Exception {
        LiveEvent start = envelope.record;
        long time = start.getEventTime().toEpochMilli();
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
        if (start.getType() != LiveEventType.LIVE_START) {
            return;
        }
        LiveEvent earlier = started.value();
        if (earlier != null && FIRST.compare(earlier, start) <= 0) {
            metrics.repeatedLiveId();
            return;
        }
        if (earlier != null) {
            metrics.repeatedLiveId();
            out.collect(LiveStartSignal.withdrawal(earlier));
        }
        started.update(start);
        ctx.timerService().registerEventTimeTimer(time + liveIdMemoryMillis);
        out.collect(LiveStartSignal.start(start, envelope.partition, envelope.offset));
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<LiveStartSignal> out)
            throws Exception {
        LiveEvent start = started.value();
        if (start != null && start.getEventTime().toEpochMilli() <= time - liveIdMemoryMillis) {
            started.clear();
        }
    }
}
