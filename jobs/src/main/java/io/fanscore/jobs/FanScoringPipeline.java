package io.fanscore.jobs;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.InteractionIngest;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.jobs.scoring.EventTimeHighWater;
import io.fanscore.jobs.scoring.PairScoringFunction;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.TierChange;
import io.fanscore.scoring.ScoringProfile;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/**
 * The scoring graph (SPEC §2–§6, §9): interactions in, tier changes and dead letters out. Sources
 * and sinks are injected, so tests and production build the same graph. Every operator has a stable
 * uid: savepoints map state by uid, so never rename one.
 */
public final class FanScoringPipeline {

    /** Where interactions come from. */
    public record Inputs(Source<SourceEnvelope<InteractionEvent>, ?, ?> interactions) {}

    /** Where results go. */
    public record Outputs(Sink<TierChange> tierChanges, Sink<DeadLetter> deadLetters) {}

    private final ScoringProfile profile;
    private final String interactionsTopic;
    private final Duration outOfOrderness;
    private final Duration idleness;

    public FanScoringPipeline(
            ScoringProfile profile,
            String interactionsTopic,
            Duration outOfOrderness,
            Duration idleness) {
        this.profile = profile;
        this.interactionsTopic = interactionsTopic;
        this.outOfOrderness = outOfOrderness;
        this.idleness = idleness;
    }

    public static FanScoringPipeline of(JobConfig config) {
        return new FanScoringPipeline(
                config.profile(),
                config.interactionsTopic(),
                config.outOfOrderness(),
                config.idleness());
    }

    public void build(StreamExecutionEnvironment env, Inputs inputs, Outputs outputs) {
        WatermarkStrategy<SourceEnvelope<InteractionEvent>> watermarks =
                WatermarkStrategy.<SourceEnvelope<InteractionEvent>>forBoundedOutOfOrderness(
                                outOfOrderness)
                        .withIdleness(idleness)
                        .withTimestampAssigner(
                                (envelope, kafkaTime) ->
                                        envelope.record != null
                                                        && envelope.record.getEventTime() != null
                                                ? envelope.record.getEventTime().toEpochMilli()
                                                : Long.MIN_VALUE);

        SingleOutputStreamOperator<PositionedEvent> valid =
                env.fromSource(inputs.interactions(), watermarks, "interactions")
                        .uid("interactions-source")
                        .process(new InteractionIngest(profile.limits(), outOfOrderness.toMillis()))
                        .returns(PairScoringFunction.positionedEventType())
                        .uid("interaction-ingest")
                        .name("decode, validate, late check");

        BroadcastStream<Long> endOfInput =
                valid.transform("event-time high water", Types.LONG, new EventTimeHighWater())
                        .uid("event-time-high-water")
                        .broadcast(PairScoringFunction.END_OF_INPUT);

        TypeInformation<Tuple2<String, String>> pairKey = Types.TUPLE(Types.STRING, Types.STRING);
        SingleOutputStreamOperator<TierChange> tierChanges =
                valid.keyBy(
                                input ->
                                        Tuple2.of(
                                                input.event.getCreatorId(), input.event.getFanId()),
                                pairKey)
                        .connect(endOfInput)
                        .process(new PairScoringFunction(profile, interactionsTopic))
                        .returns(new AvroTypeInfo<>(TierChange.class))
                        .uid("pair-scoring")
                        .name("score pairs");

        tierChanges.sinkTo(outputs.tierChanges()).uid("tier-changes-sink").name("tier changes");

        DataStream<DeadLetter> deadLetters =
                valid.getSideOutput(InteractionIngest.DEAD_LETTERS)
                        .union(tierChanges.getSideOutput(PairScoringFunction.LATE));
        deadLetters.sinkTo(outputs.deadLetters()).uid("deadletter-sink").name("dead letters");
    }
}
