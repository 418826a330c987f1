package io.fanscore.jobs.notify;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

import java.util.Comparator;

/** Keyed by live_id: each live_id starts once, whichever creator sends it (SPEC §7). */
public final class LiveStartSequencer extends OncePerIdSequencer<LiveEvent> {

    /** The order among starts of one live_id: the first wins. */
    static final Comparator<LiveEvent> FIRST =
            Comparator.comparing(LiveEvent::getEventTime).thenComparing(LiveEvent::getCreatorId);

    public LiveStartSequencer(long liveIdMemoryMillis) {
        super(LiveEvent.class, "live-id-started", liveIdMemoryMillis);
    }

    public static TypeInformation<LiveEvent> liveEventType() {
        return new AvroTypeInfo<>(LiveEvent.class);
    }

    /** The key: live ids are global. */
    public static String keyOf(SourceEnvelope<LiveEvent> envelope) {
        return envelope.record.getLiveId();
    }

    @Override
    protected boolean sends(LiveEvent event) {
        return event.getType() == LiveEventType.LIVE_START;
    }

    @Override
    protected long timeOf(LiveEvent event) {
        return event.getEventTime().toEpochMilli();
    }

    @Override
    protected boolean before(LiveEvent a, LiveEvent b) {
        return FIRST.compare(a, b) < 0;
    }

    @Override
    protected CreatorSignal sent(LiveEvent start, int partition, long offset) {
        return CreatorSignal.start(start, partition, offset);
    }

    @Override
    protected CreatorSignal withdrawal(LiveEvent start) {
        return CreatorSignal.withdrawal(start);
    }

    @Override
    protected void countRepeat(FanscoreMetrics metrics) {
        metrics.repeatedLiveId();
    }
}
