package io.fanscore.jobs.notify;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.CreatorPush;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

import java.util.Comparator;

/**
 * Keyed by push_id: each push_id is decided once, whichever creator sends it (SPEC §12: ids are
 * global, like live ids); a repeat gets no outcome of its own.
 */
public final class PushSequencer extends OncePerIdSequencer<CreatorPush> {

    /** The order among pushes of one push_id: the first wins. */
    static final Comparator<CreatorPush> FIRST =
            Comparator.comparing(CreatorPush::getEventTime)
                    .thenComparing(CreatorPush::getCreatorId);

    public PushSequencer(long pushIdMemoryMillis) {
        super(CreatorPush.class, "push-id-seen", pushIdMemoryMillis);
    }

    public static TypeInformation<CreatorPush> pushType() {
        return new AvroTypeInfo<>(CreatorPush.class);
    }

    /** The key: push ids are global. */
    public static String keyOf(SourceEnvelope<CreatorPush> envelope) {
        return envelope.record.getPushId();
    }

    @Override
    protected boolean sends(CreatorPush push) {
        return true;
    }

    @Override
    protected long timeOf(CreatorPush push) {
        return push.getEventTime().toEpochMilli();
    }

    @Override
    protected boolean before(CreatorPush a, CreatorPush b) {
        return FIRST.compare(a, b) < 0;
    }

    @Override
    protected CreatorSignal sent(CreatorPush push, int partition, long offset) {
        return CreatorSignal.push(push, partition, offset);
    }

    @Override
    protected CreatorSignal withdrawal(CreatorPush push) {
        return CreatorSignal.withdrawal(push);
    }

    @Override
    protected void countRepeat(FanscoreMetrics metrics) {
        metrics.repeatedPushId();
    }
}
