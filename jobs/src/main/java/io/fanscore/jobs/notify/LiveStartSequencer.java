package io.fanscore.jobs.notify;

import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.common.EventTimeBuffer;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.Comparator;

/**
 * Keyed by live_id: each live_id starts once, whichever creator sends it (SPEC §7: ids are global,
 * so two notifications never share an id). Starts wait for the watermark, so of several starts with
 * one live_id the earliest (then the smallest creator_id) wins whatever the arrival order. A
 * live_id is remembered for the profile's live_id_memory of event time after its start, then
 * forgotten, so state holds only the live_ids of that horizon.
 */
public final class LiveStartSequencer
        extends KeyedProcessFunction<String, SourceEnvelope<LiveEvent>, LiveEvent> {

    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("late-live-events", new AvroTypeInfo<>(DeadLetter.class)) {};

    private final long liveIdMemoryMillis;

    private transient EventTimeBuffer<LiveEvent> pending;
    private transient ValueState<Long> startedAt;
    private transient FanscoreMetrics metrics;

    public LiveStartSequencer(long liveIdMemoryMillis) {
        this.liveIdMemoryMillis = liveIdMemoryMillis;
    }

    public static TypeInformation<LiveEvent> liveEventType() {
        return new AvroTypeInfo<>(LiveEvent.class);
    }

    /** The key: live ids are global. */
    public static String keyOf(SourceEnvelope<LiveEvent> envelope) {
        return envelope.record.getLiveId();
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
        pending =
                new EventTimeBuffer<>(
                        getRuntimeContext(),
                        "pending-live-starts-of-id",
                        liveEventType(),
                        Comparator.comparing(LiveEvent::getCreatorId));
        startedAt =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("live-id-started-at", Types.LONG));
    }

    @Override
    public void processElement(
            SourceEnvelope<LiveEvent> envelope, Context ctx, Collector<LiveEvent> out)
            throws Exception {
        long time = envelope.record.getEventTime().toEpochMilli();
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
        if (envelope.record.getType() == LiveEventType.LIVE_START) {
            pending.add(time, envelope.record, ctx.timerService());
        }
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<LiveEvent> out) throws Exception {
        for (LiveEvent start : pending.drain(time)) {
            if (startedAt.value() != null) {
                metrics.repeatedLiveId();
                continue;
            }
            startedAt.update(time);
            ctx.timerService().registerEventTimeTimer(time + liveIdMemoryMillis);
            out.collect(start);
        }
        Long started = startedAt.value();
        if (started != null && started <= time - liveIdMemoryMillis) {
            startedAt.clear();
        }
    }
}
