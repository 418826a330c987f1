package io.fanscore.jobs.testutils;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.kafka.EnvelopeDeserializer;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.FanScoringPipeline;
import io.fanscore.jobs.FlinkSettings;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.TierChange;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded replay of the whole job with injected sources and sinks, no Kafka: the same graph,
 * state backend and checkpoints as {@link BoundedReplay}, for tests of the rules and of bad input.
 * The input is given as the bytes a producer would send, decoded by the job's own deserializer, so
 * undecodable records take the same way they take from Kafka. Each of the two source readers reads
 * one contiguous run of the input, like one partition; order within the bound is the test's
 * business. Exactly-once, schema evolution, security and timing are tested on Kafka.
 */
public final class InjectedReplay {

    private static final SingleObjectCodec<InteractionEvent> EVENTS =
            new SingleObjectCodec<>(InteractionEvent.class);
    private static final SingleObjectCodec<LiveEvent> LIVES =
            new SingleObjectCodec<>(LiveEvent.class);

    private final String name;
    private final List<Keyed> interactions = new ArrayList<>();
    private final List<Keyed> liveEvents = new ArrayList<>();

    public InjectedReplay(String name) {
        this.name = name;
    }

    /** The name of this replay's topic of {@code role} (interactions, live). */
    public String topic(String role) {
        return name + "." + role;
    }

    /** A record as a producer sends it: its key and its value's bytes. */
    private record Keyed(byte[] key, byte[] value) implements java.io.Serializable {}

    public InjectedReplay produce(List<InteractionEvent> events, List<LiveEvent> lives) {
        events.forEach(e -> interactions.add(keyed(e.getCreatorId(), EVENTS.encode(e))));
        lives.forEach(e -> liveEvents.add(keyed(e.getCreatorId(), LIVES.encode(e))));
        return this;
    }

    /** Interaction values as bytes, well-formed or not, keyed by {@code creator}. */
    public InjectedReplay produceInteractionBytes(String creator, List<byte[]> values) {
        values.forEach(value -> interactions.add(keyed(creator, value)));
        return this;
    }

    /**
     * The job's options for this replay: what {@link BoundedReplay} runs with, no broker, and no
     * restarts (a failure fails the test at once; bad input must not cause one).
     */
    public Configuration options(Path checkpoints) {
        Configuration options = new Configuration();
        JobOptions.flinkSetting(options, "restart-strategy.type", "none");
        return options.set(JobOptions.JOB_NAME, name)
                .set(JobOptions.INTERACTIONS_TOPIC, topic("interactions"))
                .set(JobOptions.LIVE_TOPIC, topic("live"))
                .set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
                .set(JobOptions.CHECKPOINT_DIR, checkpoints.toUri().toString())
                .set(JobOptions.PARALLELISM, 2)
                .set(JobOptions.NOTIFY_BUCKETS, 32)
                .set(JobOptions.BOUNDED, true);
    }

    public BoundedReplay.Outputs run(Path checkpoints) throws Exception {
        return run(options(checkpoints));
    }

    public BoundedReplay.Outputs run(Configuration options) throws Exception {
        JobConfig config = JobConfig.from(options);
        CollectingSink<TierChange> tierChanges = new CollectingSink<>();
        CollectingSink<LiveNotification> notifications = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        try {
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(
                            FlinkSettings.forJob(config));
            FanScoringPipeline.of(config)
                    .build(
                            env,
                            new FanScoringPipeline.Inputs(
                                    source(
                                            EnvelopeDeserializer.interactions(),
                                            config.interactionsTopic(),
                                            interactions),
                                    source(
                                            EnvelopeDeserializer.liveEvents(),
                                            config.liveTopic(),
                                            liveEvents)),
                            new FanScoringPipeline.Outputs(
                                    tierChanges, notifications, deadLetters));
            JobExecutionResult result = env.execute(config.jobName());
            return new BoundedReplay.Outputs(
                    tierChanges.collected(),
                    notifications.collected(),
                    deadLetters.collected(),
                    java.util.List.of(),
                    java.util.List.of(),
                    result);
        } finally {
            tierChanges.discard();
            notifications.discard();
            deadLetters.discard();
        }
    }

    /** The records, decoded by the job's own deserializer as if read from {@code topic}. */
    private static <T extends SpecificRecordBase> Source<SourceEnvelope<T>, ?, ?> source(
            EnvelopeDeserializer<T> deserializer, String topic, List<Keyed> records) {
        if (records.isEmpty()) {
            return new NoInput<>(deserializer.getProducedType());
        }
        List<Keyed> input = List.copyOf(records);
        return new DataGeneratorSource<>(
                index -> {
                    Keyed record = input.get(index.intValue());
                    List<SourceEnvelope<T>> decoded = new ArrayList<>(1);
                    deserializer.deserialize(
                            new ConsumerRecord<>(topic, 0, index, record.key(), record.value()),
                            new Collector<>() {
                                @Override
                                public void collect(SourceEnvelope<T> envelope) {
                                    decoded.add(envelope);
                                }

                                @Override
                                public void close() {}
                            });
                    return decoded.get(0);
                },
                input.size(),
                deserializer.getProducedType());
    }

    private static Keyed keyed(String creator, byte[] value) {
        return new Keyed(creator.getBytes(StandardCharsets.UTF_8), value);
    }
}
