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
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;

/**
 * Per creator: live starts in (event_time, live_id) order, each live_id once (SPEC §7). A live_id
 * is remembered for the profile's live_id_memory of event time, then forgotten so that state stays
 * bounded.
 */
public final class LiveStartSequencer
        extends KeyedProcessFunction<String, SourceEnvelope<LiveEvent>, LiveEvent> {

    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("late-live-events", new AvroTypeInfo<>(DeadLetter.class)) {};

    private final long liveIdMemoryMillis;

    private transient EventTimeBuffer<LiveEvent> pending;
    private transient MapState<String, Long> seenLiveIds;
    private transient FanscoreMetrics metrics;

    public LiveStartSequencer(long liveIdMemoryMillis) {
        this.liveIdMemoryMillis = liveIdMemoryMillis;
    }

    public static TypeInformation<LiveEvent> liveEventType() {
        return new AvroTypeInfo<>(LiveEvent.class);
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
        pending =
                new EventTimeBuffer<>(
                        getRuntimeContext(),
                        "pending-live-events",
                        liveEventType(),
                        Comparator.comparing(LiveEvent::getLiveId));
        seenLiveIds =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "seen-live-ids", Types.STRING, Types.LONG));
    }

    @Override
    public void processElement(
            SourceEnvelope<LiveEvent> envelope, Context ctx, Collector<LiveEvent> out)
            throws Exception {
        long time = envelope.record.getEventTime().toEpochMilli();
        if (time <= ctx.timerService().currentWatermark()) {
            metrics.deadLetter(DeadLetterReason.LATE);
            ctx.output(
                    LATE,
                    DeadLetters.of(
                            envelope,
                            DeadLetterReason.LATE,
                            "event_time "
                                    + time
                                    + " is at or behind the watermark "
                                    + ctx.timerService().currentWatermark()));
            return;
        }
        if (envelope.record.getType() == LiveEventType.LIVE_START) {
            pending.add(time, envelope.record, ctx.timerService());
        }
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<LiveEvent> out) throws Exception {
        for (LiveEvent start : pending.drain(time)) {
            if (seenLiveIds.contains(start.getLiveId())) {
                metrics.repeatedLiveId();
                continue;
            }
            seenLiveIds.put(start.getLiveId(), time);
            ctx.timerService().registerEventTimeTimer(time + liveIdMemoryMillis);
            out.collect(start);
        }
        forgetLiveIdsUpTo(time - liveIdMemoryMillis);
    }

    private void forgetLiveIdsUpTo(long oldest) throws Exception {
        for (Iterator<Map.Entry<String, Long>> it = seenLiveIds.iterator(); it.hasNext(); ) {
            if (it.next().getValue() <= oldest) {
                it.remove();
            }
        }
    }
}
