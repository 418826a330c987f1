package io.fanscore.bench;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * The yardstick: the same source and sink as the scoring job, with the least keyed work a stateful
 * job can do in between — one RocksDB {@code ValueState} counter per pair, one record out per
 * event. The scoring job's rate is reported as a ratio to this one.
 */
final class ReferenceJob {

    private ReferenceJob() {}

    static void build(
            StreamExecutionEnvironment env,
            Source<SourceEnvelope<InteractionEvent>, ?, ?> source,
            Sink<TierChange> sink) {
        env.fromSource(
                        source,
                        WatermarkStrategy
                                .<SourceEnvelope<InteractionEvent>>forBoundedOutOfOrderness(
                                        Duration.ofSeconds(10))
                                .withIdleness(Duration.ofSeconds(30))
                                .withTimestampAssigner(
                                        (e, t) ->
                                                e.record == null
                                                        ? t
                                                        : e.record.getEventTime().toEpochMilli()),
                        "interactions")
                .uid("reference-source")
                .filter(envelope -> !envelope.isRejected())
                .uid("reference-filter")
                .keyBy(
                        envelope ->
                                Tuple2.of(
                                        envelope.record.getCreatorId(), envelope.record.getFanId()),
                        Types.TUPLE(Types.STRING, Types.STRING))
                .process(new CountPerPair())
                .returns(new AvroTypeInfo<>(TierChange.class))
                .uid("reference-count")
                .sinkTo(sink)
                .uid("reference-sink");
    }

    /** One ValueState read and write per event. */
    static final class CountPerPair
            extends KeyedProcessFunction<
                    Tuple2<String, String>, SourceEnvelope<InteractionEvent>, TierChange> {

        private transient ValueState<Long> count;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(
                SourceEnvelope<InteractionEvent> envelope, Context ctx, Collector<TierChange> out)
                throws Exception {
            Long current = count.value();
            long next = current == null ? 1 : current + 1;
            count.update(next);
            InteractionEvent event = envelope.record;
            out.collect(
                    TierChange.newBuilder()
                            .setChangeId(event.getEventId())
                            .setCreatorId(event.getCreatorId())
                            .setFanId(event.getFanId())
                            .setFromTier(Tier.NONE)
                            .setToTier(Tier.POTENTIAL)
                            .setIntimacy(next)
                            .setLevel(1)
                            .setEventTime(event.getEventTime())
                            .setCause(event.getEventId())
                            .build());
        }
    }
}
