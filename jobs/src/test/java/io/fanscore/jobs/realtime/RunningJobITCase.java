package io.fanscore.jobs.realtime;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;
import io.fanscore.jobs.testutils.BoundedReplay;
import io.fanscore.jobs.testutils.PackageVersions;
import io.fanscore.jobs.testutils.PipelineITCaseBase;
import io.fanscore.jobs.testutils.RunningJobs;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.ErasureOutcome;
import io.fanscore.schema.ErasureRequest;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.PushNotification;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.PushStatus;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job running unbounded, fed at the wall clock's pace (SPEC §7 "in a running job"): outputs
 * come out without later traffic, a quiet topic holds nothing back, a live start counts exactly the
 * interactions stamped up to its time, and running and replaying the same input agree. Timings are
 * the benchmark's business; these tests await conditions with generous limits.
 */
class RunningJobITCase extends PipelineITCaseBase {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(RunningJobITCase.class);

    /** The bound plus the few seconds SPEC §7 allows, plus slack for a loaded machine. */
    private static final Duration READABLE_WITHIN = Duration.ofSeconds(45);

    private static final SingleObjectCodec<InteractionEvent> EVENTS =
            new SingleObjectCodec<>(InteractionEvent.class);
    private static final SingleObjectCodec<LiveEvent> LIVES =
            new SingleObjectCodec<>(LiveEvent.class);

    private static final SingleObjectCodec<CreatorPush> PUSHES =
            new SingleObjectCodec<>(CreatorPush.class);

    private static final SingleObjectCodec<ErasureRequest> ERASURES =
            new SingleObjectCodec<>(ErasureRequest.class);

    private JobClient job;

    @AfterEach
    void cancel() throws Exception {
        if (job != null) {
            RunningJobs.cancelAndAwaitEnd(job);
        }
    }

    @Test
    void aLoneEventComesOutWithoutLaterTrafficWhileTheLiveTopicIsQuiet() throws Exception {
        BoundedReplay run = start("lone");
        Instant now = wallClock();
        InteractionEvent future = like("ahead", "c1", "f0", now.plus(Duration.ofHours(2)));
        InteractionEvent lone = like("lone-like", "c1", "f1", now);
        send(run, future, lone);

        TierChange change = awaitTierChange(run, c -> c.getCause().equals("lone-like")).get(0);
        assertThat(change.getToTier()).isEqualTo(Tier.POTENTIAL);
        assertThat(change.getEventTime()).isEqualTo(now);
        // The mis-stamped record is rejected, and did not make the lone event late.
        assertThat(run.read(DeadLetter.class, "deadletter"))
                .extracting(DeadLetter::getSourceOffset, DeadLetter::getReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, DeadLetterReason.INVALID_VALUE));
    }

    @Test
    void onSinglePartitionTopicsTheReaderWithoutPartitionsHoldsNothingBack() throws Exception {
        // The replay recipe's topics have one partition, read by one of the two readers; with an
        // idleness longer than the wait below, only the rule for readers without partitions can
        // let the lone event out in time.
        BoundedReplay run = new BoundedReplay(KAFKA, "single", 1).produce(List.of(), List.of());
        restart(run, null, o -> o.set(JobOptions.IDLENESS, Duration.ofSeconds(120)));
        Instant now = wallClock();
        send(run, like("single-like", "c1", "f1", now));

        TierChange change = awaitTierChange(run, c -> c.getCause().equals("single-like")).get(0);
        assertThat(change.getEventTime()).isEqualTo(now);
    }

    @Test
    void aLiveStartCountsTheFansAsOfItsTimeWhateverArrivesFirst() throws Exception {
        BoundedReplay run = new BoundedReplay(KAFKA, "as-of-t", 2).produce(List.of(), List.of());
        // A wider bound than the other tests: the start must not turn LATE because producing it
        // took a loaded machine more than 2 s (that would be right, but not this test's point).
        restart(run, null, o -> o.set(JobOptions.OUT_OF_ORDERNESS, Duration.ofSeconds(5)));
        send(run, follow("follow-a", "c1", "fanA", wallClock()));
        awaitTierChange(run, c -> c.getCause().equals("follow-a"));

        Instant t = wallClock();
        sendLive(run, ScoringFixtures.liveStart("L1", "c1", t));
        // Arrives right after the live start but is stamped 20 s after it.
        send(run, follow("follow-b", "c1", "fanB", t.plusSeconds(20)));
        // fanB's follow is applied only once event time passes T + 20 s, long after L1 at T.
        awaitTierChange(run, c -> c.getCause().equals("follow-b"));

        assertThat(run.read(DeadLetter.class, "deadletter")).isEmpty();
        assertThat(run.read(LiveNotification.class, "notifications"))
                .extracting(LiveNotification::getFanId, LiveNotification::getEventTime)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fanA", t));
    }

    @Test
    void pushesComeOutAsOfTheirTimeOnQuietTopicsAndABurstIsCappedPerFan() throws Exception {
        BoundedReplay run = new BoundedReplay(KAFKA, "pushes", 2).produce(List.of(), List.of());
        restart(run, null, o -> o.set(JobOptions.OUT_OF_ORDERNESS, Duration.ofSeconds(5)));
        List<String> burst = List.of("b1", "b2", "b3", "b4", "b5");
        List<InteractionEvent> follows = new ArrayList<>();
        follows.add(follow("follow-a", "c1", "fanA", wallClock()));
        for (String creator : burst) {
            follows.add(follow("follow-" + creator, creator, "fanC", wallClock()));
        }
        send(run, follows.toArray(InteractionEvent[]::new));
        awaitTierChange(run, c -> c.getCause().equals("follow-b5"));

        // Sparse: one push and a second one a millisecond later, refused (one a day), then a follow
        // stamped 20 s after them; nothing else on the topics.
        Instant t = wallClock();
        sendPushes(
                run,
                ScoringFixtures.push("p1", "c1", t),
                ScoringFixtures.push("p2", "c1", t.plusMillis(1)));
        send(run, follow("follow-b", "c1", "fanB", t.plusSeconds(20)));
        await().atMost(READABLE_WITHIN)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> !run.read(PushNotification.class, "push-notifications").isEmpty());
        // Dense: five creators push within a moment to a fan who follows them all, while the
        // interactions topic is busy (event time there runs on with the wall clock, so a push
        // held anywhere on its way would reach its buckets late).
        Thread busy = busyInteractions(run, Duration.ofSeconds(10));
        awaitTierChange(run, c -> c.getCause().startsWith("busy-10-")); // a second of traffic out
        Instant burstAt = wallClock();
        sendPushes(
                run,
                burst.stream()
                        .map(c -> ScoringFixtures.push(c + "-push", c, burstAt))
                        .toArray(CreatorPush[]::new));
        busy.join();
        await().atMost(READABLE_WITHIN)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> run.read(PushOutcome.class, "push-outcomes").size() == 7);

        assertThat(run.read(PushOutcome.class, "push-outcomes"))
                .extracting(PushOutcome::getPushId, PushOutcome::getStatus)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("p1", PushStatus.ACCEPTED),
                        org.assertj.core.groups.Tuple.tuple("p2", PushStatus.REFUSED_DAILY));
        await().atMost(READABLE_WITHIN)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> run.read(PushNotification.class, "push-notifications").size() >= 4);
        assertThat(run.read(PushNotification.class, "push-notifications"))
                .extracting(PushNotification::getFanId, PushNotification::getPushId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("fanA", "p1"),
                        org.assertj.core.groups.Tuple.tuple("fanC", "b1-push"),
                        org.assertj.core.groups.Tuple.tuple("fanC", "b2-push"),
                        org.assertj.core.groups.Tuple.tuple("fanC", "b3-push"));
        assertThat(run.read(DeadLetter.class, "deadletter")).isEmpty();
    }

    @Test
    void anErasureComesOutAsItHappensOnAQuietTopicAndBesideBusyTraffic() throws Exception {
        BoundedReplay run = new BoundedReplay(KAFKA, "erasure", 2).produce(List.of(), List.of());
        restart(run, null, o -> o.set(JobOptions.OUT_OF_ORDERNESS, Duration.ofSeconds(5)));
        send(
                run,
                follow("f1-c1", "c1", "gone-1", wallClock()),
                follow("f1-c2", "c2", "gone-1", wallClock()),
                follow("f2-c1", "c1", "gone-2", wallClock()));
        awaitTierChange(run, c -> c.getCause().equals("f2-c1"));

        // Sparse: the request is the only record anywhere, and nothing follows it.
        Instant first = wallClock();
        sendErasure(run, ScoringFixtures.erasureRequest("forget-1", "gone-1", null, first));
        List<TierChange> erased = awaitTierChange(run, c -> c.getCause().equals("ERASURE"));
        long sparseMillis = System.currentTimeMillis() - first.toEpochMilli();
        assertThat(erased)
                .extracting(TierChange::getCreatorId, TierChange::getEventTime)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("c1", first),
                        org.assertj.core.groups.Tuple.tuple("c2", first));

        // Dense: likes stream in at the wall clock's pace on another creator meanwhile.
        Thread busy = busyInteractions(run, Duration.ofSeconds(15));
        Instant second = wallClock();
        sendErasure(run, ScoringFixtures.erasureRequest("forget-2", "gone-2", "c1", second));
        await().atMost(READABLE_WITHIN)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> run.read(ErasureOutcome.class, "erasure-outcomes").size() == 2);
        long denseMillis = System.currentTimeMillis() - second.toEpochMilli();
        busy.join();
        LOG.info(
                "Erasure produced → readable: {} ms alone on quiet topics, {} ms (outcome) beside"
                        + " busy traffic",
                sparseMillis,
                denseMillis);
        assertThat(run.read(ErasureOutcome.class, "erasure-outcomes"))
                .extracting(
                        ErasureOutcome::getRequestId,
                        ErasureOutcome::getPairsErased,
                        ErasureOutcome::getAppliedAt)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("forget-1", 2, first),
                        org.assertj.core.groups.Tuple.tuple("forget-2", 1, second));
        assertThat(run.read(DeadLetter.class, "deadletter")).isEmpty();
    }

    @Test
    void busyLiveStartsBesideQuietInteractionsAreCappedInTimeOrder() throws Exception {
        BoundedReplay run = start("busy-live");
        List<InteractionEvent> follows = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            follows.add(follow("follow-" + c, "creator-" + c, "fan", wallClock()));
        }
        send(run, follows.toArray(InteractionEvent[]::new));
        awaitTierChange(run, c -> c.getCause().equals("follow-7"));

        List<Instant> starts = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            Instant t = wallClock();
            starts.add(t);
            sendLive(run, ScoringFixtures.liveStart("live-" + c, "creator-" + c, t));
        }

        // At most five a day for one fan, granted in (T, live_id) order: the first five.
        await().atMost(READABLE_WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> run.read(LiveNotification.class, "notifications").size() >= 5);
        assertThat(run.read(LiveNotification.class, "notifications"))
                .extracting(LiveNotification::getLiveId)
                .containsExactlyInAnyOrder("live-0", "live-1", "live-2", "live-3", "live-4");
    }

    @Test
    void runningAndReplayingTheSameInputGiveTheSameOutputs() throws Exception {
        BoundedReplay run = new BoundedReplay(KAFKA, "running", 2).produce(List.of(), List.of());
        restart(run, null, o -> withPackages(o, "running"));
        // Sparse, then dense: a few events seconds apart, then bursts.
        List<String> causes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Instant now = wallClock();
            InteractionEvent follow = follow("sparse-" + i, "c" + (i % 2), "f" + i, now);
            send(run, follow);
            causes.add(follow.getEventId());
            if (i == 2) {
                sendLive(run, ScoringFixtures.liveStart("live-sparse", "c0", now));
            }
            if (i % 2 == 0) {
                send(
                        run,
                        interaction(
                                "club-" + i, "c0", "f" + i, InteractionType.JOIN_FAN_CLUB, now));
            }
            awaitTierChange(run, c -> c.getCause().equals(follow.getEventId()));
        }
        for (int burst = 0; burst < 3; burst++) {
            Instant now = wallClock();
            List<InteractionEvent> dense = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                dense.add(
                        share(
                                "dense-" + burst + "-" + i,
                                "c" + (i % 2),
                                "f" + (i % 10),
                                now.plusMillis(i)));
            }
            send(run, dense.toArray(InteractionEvent[]::new));
            sendLive(
                    run,
                    ScoringFixtures.liveStart(
                            "live-dense-" + burst, "c" + (burst % 2), now.plusMillis(100)));
        }
        InteractionEvent last = like("last", "c0", "f99", wallClock());
        send(run, last);
        awaitTierChange(run, c -> c.getCause().equals("last"));
        List<TierChange> running = run.read(TierChange.class, "tier-changes");
        List<LiveNotification> runningNotifications =
                run.read(LiveNotification.class, "notifications");
        // Deltas come from the same steps as the tier changes, so they are out by now.
        List<AudienceDelta> runningDeltas = run.read(AudienceDelta.class, "audience-deltas");
        RunningJobs.cancelAndAwaitEnd(job);
        job = null;

        BoundedReplay replayOutputs = new BoundedReplay(KAFKA, "replayed", 2);
        KAFKA.createTopics(
                2,
                replayOutputs.topic("tier-changes"),
                replayOutputs.topic("notifications"),
                replayOutputs.topic("deadletter"),
                replayOutputs.topic("audience-deltas"));
        Configuration replay =
                withPackages(run.options(checkpoints.resolve("replay")), "replayed")
                        .set(JobOptions.TIER_CHANGES_TOPIC, replayOutputs.topic("tier-changes"))
                        .set(
                                JobOptions.LIVE_NOTIFICATIONS_TOPIC,
                                replayOutputs.topic("notifications"))
                        .set(JobOptions.DEAD_LETTER_TOPIC, replayOutputs.topic("deadletter"))
                        .set(
                                JobOptions.AUDIENCE_DELTAS_TOPIC,
                                replayOutputs.topic("audience-deltas"))
                        .set(JobOptions.GROUP_ID, "replayed")
                        .set(JobOptions.TRANSACTIONAL_ID_PREFIX, "replayed")
                        .set(JobOptions.OUT_OF_ORDERNESS, Duration.ofSeconds(2))
                        .set(JobOptions.BOUNDED, true);
        FanScoringJob.execute(JobConfig.from(replay));

        assertThat(running).hasSizeGreaterThan(8);
        assertThat(runningNotifications).isNotEmpty();
        assertThat(replayOutputs.read(TierChange.class, "tier-changes"))
                .containsExactlyInAnyOrderElementsOf(running);
        assertThat(
                        replayOutputs.read(LiveNotification.class, "notifications").stream()
                                .map(RunningJobITCase::withoutEmittedAt)
                                .toList())
                .containsExactlyInAnyOrderElementsOf(
                        runningNotifications.stream()
                                .map(RunningJobITCase::withoutEmittedAt)
                                .toList());
        assertThat(runningDeltas)
                .extracting(AudienceDelta::getPackageId)
                .contains("c0-casual", "c1-level2", "c0-club");
        assertThat(replayOutputs.read(AudienceDelta.class, "audience-deltas"))
                .containsExactlyInAnyOrderElementsOf(runningDeltas);
    }

    @Test
    void aFanGroupPublishesAMemberAsItJoinsOnAnOtherwiseQuietTopic() throws Exception {
        BoundedReplay run = new BoundedReplay(KAFKA, "group", 2).produce(List.of(), List.of());
        restart(run, null, o -> withPackages(o, "group"));
        Instant now = wallClock();
        send(run, follow("g-follow", "c0", "fan-g", now));
        send(run, interaction("g-club", "c0", "fan-g", InteractionType.JOIN_FAN_CLUB, now));
        // Nothing more is sent: the version that lists the member must come out on its own.
        String member = IdFormat.SHA256.memberId("running-salt", "fan-g");
        Path versions = checkpoints.resolve("packages-group").resolve("versions");
        await().atMost(READABLE_WITHIN)
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(
                        () ->
                                PackageVersions.of(versions, "c0-club").stream()
                                        .anyMatch(v -> v.members().contains(member)));
        PackageVersions.Version first =
                PackageVersions.of(versions, "c0-club").stream()
                        .filter(v -> v.members().contains(member))
                        .findFirst()
                        .orElseThrow();
        // The first version cut after the join, on the package's own 2 s interval.
        assertThat(first.cutoff()).isGreaterThan(now.toEpochMilli());
        assertThat(first.cutoff() - now.toEpochMilli()).isLessThanOrEqualTo(2_000);
        assertThat(first.cutoff() % 2_000).isZero();
    }

    /**
     * Three packages under {@code dir}: following CASUAL fans of c0, level-2 fans of c1, and c0's
     * fan group (following fan-club members, versioned every 2 s).
     */
    private Configuration withPackages(Configuration options, String dir) throws Exception {
        Path root = Files.createDirectories(checkpoints.resolve("packages-" + dir));
        Path definitions = root.resolve("packages.yaml");
        Files.writeString(
                definitions,
                """
                version_interval: 1m
                packages:
                  - package_id: c0-casual
                    creator_id: c0
                    min_tier: CASUAL
                    following_required: true
                    salt_ref: test
                  - package_id: c1-level2
                    creator_id: c1
                    min_tier: POTENTIAL
                    min_level: 2
                    salt_ref: test
                  - package_id: c0-club
                    creator_id: c0
                    min_tier: POTENTIAL
                    min_follow_days: 0
                    fan_club_required: true
                    salt_ref: test
                    min_size: 0
                    version_interval: 2s
                """);
        Path salts = root.resolve("salts.properties");
        Files.writeString(salts, "test=running-salt\n");
        return options.set(JobOptions.PACKAGES, definitions.toString())
                .set(JobOptions.PACKAGES_SALTS, salts.toString())
                .set(JobOptions.PACKAGES_PATH, root.resolve("versions").toUri().toString());
    }

    @Test
    void aRestartOnABacklogWhileAnotherPartitionIsQuietLosesNothingToLate() throws Exception {
        BoundedReplay run = start("backlog");
        String quietCreator = creatorOnPartition(0);
        String busyCreator = creatorOnPartition(1);
        // The quiet partition is live and caught up: its event time follows the wall clock.
        send(run, like("quiet-1", quietCreator, "q", wallClock()));
        awaitTierChange(run, c -> c.getCause().equals("quiet-1"));
        String savepoint =
                job.stopWithSavepoint(
                                false,
                                checkpoints.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(2, TimeUnit.MINUTES);
        job = null;

        // While the job is away, a backlog builds on the other partition, stamped as produced.
        List<InteractionEvent> backlog = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            backlog.add(like("backlog-" + i, busyCreator, "b" + i, wallClock()));
            if (i % 200 == 199) {
                send(run, backlog.subList(i - 199, i + 1).toArray(InteractionEvent[]::new));
            }
        }
        // Away for longer than the bound: by the wall clock, the backlog is now behind it.
        Instant away = wallClock().plusSeconds(4);
        await().atMost(Duration.ofSeconds(10)).until(() -> wallClock().isAfter(away));

        restart(run, savepoint, o -> {});
        await().atMost(READABLE_WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () ->
                                run.read(TierChange.class, "tier-changes").stream()
                                                .filter(c -> c.getCause().startsWith("backlog-"))
                                                .count()
                                        == backlog.size());
        assertThat(run.read(DeadLetter.class, "deadletter")).isEmpty();
    }

    private BoundedReplay start(String name) throws Exception {
        BoundedReplay run = new BoundedReplay(KAFKA, name, 2).produce(List.of(), List.of());
        restart(run, null, o -> {});
        return run;
    }

    /**
     * Runs the job on {@code run}'s topics, from {@code savepoint} if not null, with the running
     * job's options adjusted by {@code adjust}.
     */
    private void restart(BoundedReplay run, String savepoint, Adjustment adjust) throws Exception {
        Configuration options =
                run.options(checkpoints)
                        .set(JobOptions.DELIVERY, JobOptions.Delivery.AT_LEAST_ONCE)
                        .set(JobOptions.OUT_OF_ORDERNESS, Duration.ofSeconds(2))
                        .set(JobOptions.IDLENESS, Duration.ofSeconds(3))
                        .set(JobOptions.FROM, JobOptions.StartFrom.EARLIEST);
        adjust.apply(options);
        if (savepoint != null) {
            JobOptions.flinkSetting(options, "execution.state-recovery.path", savepoint);
        }
        job = FanScoringJob.executeAsync(JobConfig.from(options));
        await().atMost(Duration.ofMinutes(1))
                .until(() -> job.getJobStatus().get() == JobStatus.RUNNING);
    }

    /** A change to the running job's options; may write the files it points to. */
    private interface Adjustment {
        void apply(Configuration options) throws Exception;
    }

    /** A creator id whose records Kafka's default partitioner puts on {@code partition} of two. */
    private static String creatorOnPartition(int partition) {
        for (int i = 0; ; i++) {
            String creator = "creator-p" + i;
            if (Utils.toPositive(Utils.murmur2(key(creator))) % 2 == partition) {
                return creator;
            }
        }
    }

    private List<TierChange> awaitTierChange(BoundedReplay run, Predicate<TierChange> wanted) {
        List<TierChange> found = new ArrayList<>();
        await().atMost(READABLE_WITHIN)
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> {
                            found.clear();
                            run.read(TierChange.class, "tier-changes").stream()
                                    .filter(wanted)
                                    .forEach(found::add);
                            return !found.isEmpty();
                        });
        return found;
    }

    private static void send(BoundedReplay run, InteractionEvent... events) throws Exception {
        List<Map.Entry<byte[], byte[]>> records = new ArrayList<>();
        for (InteractionEvent event : events) {
            records.add(Map.entry(key(event.getCreatorId()), EVENTS.encode(event)));
        }
        KAFKA.produce(run.topic("interactions"), records);
    }

    private static void sendLive(BoundedReplay run, LiveEvent event) throws Exception {
        KAFKA.produce(
                run.topic("live"),
                List.of(Map.entry(key(event.getCreatorId()), LIVES.encode(event))));
    }

    /**
     * Likes stamped with the wall clock, 20 every 100 ms for {@code duration}, from a thread of
     * their own (started when this returns; join it), on the partition c1 is not on: c1's holds a
     * follow stamped 20 s ahead, behind which they would be late.
     */
    private static Thread busyInteractions(BoundedReplay run, Duration duration) {
        int c1Partition = Utils.toPositive(Utils.murmur2(key("c1"))) % 2;
        String creator = creatorOnPartition(1 - c1Partition);
        Thread busy =
                new Thread(
                        () -> {
                            long end = System.nanoTime() + duration.toNanos();
                            for (int batch = 0; System.nanoTime() < end; batch++) {
                                List<InteractionEvent> likes = new ArrayList<>();
                                for (int i = 0; i < 20; i++) {
                                    String id = "busy-" + batch + "-" + i;
                                    likes.add(like(id, creator, id, wallClock()));
                                }
                                try {
                                    send(run, likes.toArray(InteractionEvent[]::new));
                                    Thread.sleep(100); // the pace of the traffic, not a wait
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                        },
                        "busy-interactions");
        busy.start();
        return busy;
    }

    private static void sendErasure(BoundedReplay run, ErasureRequest request) throws Exception {
        KAFKA.produce(
                run.topic("erasures"),
                List.of(Map.entry(key(request.getFanId()), ERASURES.encode(request))));
    }

    private static void sendPushes(BoundedReplay run, CreatorPush... pushes) throws Exception {
        List<Map.Entry<byte[], byte[]>> records = new ArrayList<>();
        for (CreatorPush push : pushes) {
            records.add(Map.entry(key(push.getCreatorId()), PUSHES.encode(push)));
        }
        KAFKA.produce(run.topic("pushes"), records);
    }

    private static InteractionEvent like(String id, String creator, String fan, Instant at) {
        return interaction(id, creator, fan, InteractionType.LIKE, at);
    }

    private static InteractionEvent share(String id, String creator, String fan, Instant at) {
        return interaction(id, creator, fan, InteractionType.SHARE, at);
    }

    private static InteractionEvent follow(String id, String creator, String fan, Instant at) {
        return interaction(id, creator, fan, InteractionType.FOLLOW, at);
    }

    private static InteractionEvent interaction(
            String id, String creator, String fan, InteractionType type, Instant at) {
        return ScoringFixtures.interaction(
                id, creator, fan, type, Instant.ofEpochMilli(at.toEpochMilli()));
    }

    private static LiveNotification withoutEmittedAt(LiveNotification notification) {
        LiveNotification copy = LiveNotification.newBuilder(notification).build();
        copy.setEmittedAt(Instant.EPOCH);
        return copy;
    }

    /** The wall clock at the millisecond precision of event times. */
    private static Instant wallClock() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }

    private static byte[] key(String creator) {
        return creator.getBytes(StandardCharsets.UTF_8);
    }
}
