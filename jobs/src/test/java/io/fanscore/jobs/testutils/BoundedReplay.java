package io.fanscore.jobs.testutils;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.ProfileAssignment;
import io.fanscore.schema.PushNotification;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.TierChange;
import io.fanscore.testutils.KafkaTestBroker;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One bounded replay of the whole job against the test broker, in topics of its own: produce the
 * input, run {@code --bounded} on the MiniCluster, read back what was committed.
 */
public final class BoundedReplay {

    private static final SingleObjectCodec<InteractionEvent> EVENTS =
            new SingleObjectCodec<>(InteractionEvent.class);
    private static final SingleObjectCodec<LiveEvent> LIVES =
            new SingleObjectCodec<>(LiveEvent.class);

    /** What a replay committed. */
    public record Outputs(
            List<TierChange> tierChanges,
            List<LiveNotification> notifications,
            List<DeadLetter> deadLetters,
            List<PushOutcome> pushOutcomes,
            List<PushNotification> pushNotifications,
            JobExecutionResult result) {}

    private final KafkaTestBroker kafka;
    private final String name;
    private final int partitions;

    public BoundedReplay(KafkaTestBroker kafka, String name, int partitions) {
        this.kafka = kafka;
        this.name = name;
        this.partitions = partitions;
    }

    public String topic(String role) {
        return name + "." + role;
    }

    /** Creates the topics and sends the input, keyed by creator. */
    public BoundedReplay produce(List<InteractionEvent> events, List<LiveEvent> liveEvents)
            throws Exception {
        kafka.createTopics(
                partitions,
                topic("interactions"),
                topic("live"),
                topic("tier-changes"),
                topic("notifications"),
                topic("deadletter"),
                topic("audience-deltas"),
                topic("package-control"),
                topic("package-audit"),
                topic("profiles"),
                topic("pushes"),
                topic("push-outcomes"),
                topic("push-notifications"),
                topic("erasures"),
                topic("erasure-outcomes"));
        kafka.produce(
                topic("interactions"),
                events.stream()
                        .map(e -> Map.entry(key(e.getCreatorId()), EVENTS.encode(e)))
                        .toList());
        kafka.produce(
                topic("live"),
                liveEvents.stream()
                        .map(e -> Map.entry(key(e.getCreatorId()), LIVES.encode(e)))
                        .toList());
        return this;
    }

    /** Sends runtime profile assignments, keyed by creator, to the topics {@link #produce} made. */
    public BoundedReplay produceAssignments(List<ProfileAssignment> assignments) throws Exception {
        SingleObjectCodec<ProfileAssignment> codec =
                new SingleObjectCodec<>(ProfileAssignment.class);
        kafka.produce(
                topic("profiles"),
                assignments.stream()
                        .map(a -> Map.entry(key(a.getCreatorId()), codec.encode(a)))
                        .toList());
        return this;
    }

    /** Sends subscription pushes, keyed by creator, to the topics {@link #produce} made. */
    public BoundedReplay producePushes(List<CreatorPush> pushes) throws Exception {
        SingleObjectCodec<CreatorPush> codec = new SingleObjectCodec<>(CreatorPush.class);
        kafka.produce(
                topic("pushes"),
                pushes.stream()
                        .map(p -> Map.entry(key(String.valueOf(p.getCreatorId())), codec.encode(p)))
                        .toList());
        return this;
    }

    /** Sends more input to the topics {@link #produce} created. */
    public BoundedReplay produceMore(List<InteractionEvent> events) throws Exception {
        kafka.produce(
                topic("interactions"),
                events.stream()
                        .map(e -> Map.entry(key(e.getCreatorId()), EVENTS.encode(e)))
                        .toList());
        return this;
    }

    public Outputs run(Path checkpoints) throws Exception {
        return run(options(checkpoints));
    }

    /** Runs bounded with {@code options}, {@link #options} adjusted by the test. */
    public Outputs run(Configuration options) throws Exception {
        JobExecutionResult result =
                FanScoringJob.execute(JobConfig.from(options.set(JobOptions.BOUNDED, true)));
        return new Outputs(
                read(TierChange.class, "tier-changes"),
                read(LiveNotification.class, "notifications"),
                read(DeadLetter.class, "deadletter"),
                read(PushOutcome.class, "push-outcomes"),
                read(PushNotification.class, "push-notifications"),
                result);
    }

    /** The job's options for this replay's topics, not bounded. */
    public Configuration options(Path checkpoints) {
        return new Configuration()
                .set(JobOptions.BOOTSTRAP, kafka.bootstrapServers())
                .set(JobOptions.JOB_NAME, name)
                .set(JobOptions.INTERACTIONS_TOPIC, topic("interactions"))
                .set(JobOptions.LIVE_TOPIC, topic("live"))
                .set(JobOptions.TIER_CHANGES_TOPIC, topic("tier-changes"))
                .set(JobOptions.LIVE_NOTIFICATIONS_TOPIC, topic("notifications"))
                .set(JobOptions.DEAD_LETTER_TOPIC, topic("deadletter"))
                .set(JobOptions.AUDIENCE_DELTAS_TOPIC, topic("audience-deltas"))
                .set(JobOptions.PACKAGE_CONTROL_TOPIC, topic("package-control"))
                .set(JobOptions.PACKAGE_AUDIT_TOPIC, topic("package-audit"))
                .set(JobOptions.PROFILES_TOPIC, topic("profiles"))
                .set(JobOptions.PUSHES_TOPIC, topic("pushes"))
                .set(JobOptions.PUSH_OUTCOMES_TOPIC, topic("push-outcomes"))
                .set(JobOptions.PUSH_NOTIFICATIONS_TOPIC, topic("push-notifications"))
                .set(JobOptions.ERASURES_TOPIC, topic("erasures"))
                .set(JobOptions.ERASURE_OUTCOMES_TOPIC, topic("erasure-outcomes"))
                .set(JobOptions.GROUP_ID, name)
                .set(JobOptions.TRANSACTIONAL_ID_PREFIX, name)
                .set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
                .set(JobOptions.CHECKPOINT_DIR, checkpoints.toUri().toString())
                .set(JobOptions.PARALLELISM, 2)
                .set(JobOptions.NOTIFY_BUCKETS, 32);
    }

    public <T extends SpecificRecordBase> List<T> read(Class<T> type, String role)
            throws Exception {
        SingleObjectCodec<T> codec = new SingleObjectCodec<>(type);
        List<T> result = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.readCommitted(topic(role))) {
            result.add(codec.decode(record.value()));
        }
        return result;
    }

    private static byte[] key(String creator) {
        return creator.getBytes(StandardCharsets.UTF_8);
    }
}
