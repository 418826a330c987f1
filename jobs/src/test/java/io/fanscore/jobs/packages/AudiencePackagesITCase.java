package io.fanscore.jobs.packages;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;
import io.fanscore.jobs.testutils.BoundedReplay;
import io.fanscore.jobs.testutils.PackageVersions;
import io.fanscore.jobs.testutils.PipelineITCaseBase;
import io.fanscore.jobs.testutils.RunningJobs;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.rules.packages.VersionSchedule;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.PackageAction;
import io.fanscore.schema.PackageAudit;
import io.fanscore.schema.PackageChangeDecision;
import io.fanscore.schema.PackageChangeSource;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.Tier;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Audience packages (SPEC §8) end to end: real broker, MiniCluster with RocksDB and checkpoints,
 * deltas read committed from Kafka, versions read from the packages directory.
 */
class AudiencePackagesITCase extends PipelineITCaseBase {

    private static final String SALT = "s3cret";
    private static final Duration INTERVAL = Duration.ofHours(6);
    private static final VersionSchedule SCHEDULE = new VersionSchedule(INTERVAL);

    @TempDir Path config;
    private Path packages;

    @BeforeEach
    void packagesBesideTheCheckpoints() throws IOException {
        packages = Files.createDirectories(checkpoints.resolve("package-tree"));
    }

    private int sequence;

    @Test
    void deltasFollowStandingsAndVersionsAddUp() throws Exception {
        List<InteractionEvent> events = new ArrayList<>();
        Instant noon = noonOf(1);
        events.add(interaction("c", "f1", InteractionType.FOLLOW, noon));
        events.add(interaction("c", "f2", InteractionType.FOLLOW, noon.plus(hours(1))));
        events.add(interaction("c", "f3", InteractionType.FOLLOW, noon.plus(hours(2))));
        events.add(interaction("c", "f1", InteractionType.UNFOLLOW, noon.plus(hours(3))));
        InteractionEvent gift = interaction("c", "g", InteractionType.GIFT, noon.plus(hours(4)));
        gift.setAmountCents(1_500L); // 150 points: level 2, CASUAL
        events.add(gift);
        events.add(interaction("c", "f2", InteractionType.UNFOLLOW, noonOf(3)));
        events.add(interaction("d", "f9", InteractionType.FOLLOW, noonOf(3)));
        Instant end = noonOf(12);
        events.add(interaction("d", "f9", InteractionType.LIKE, end));
        // Within the same watermark jump as its level drop at midnight: the drop still counts.
        events.add(interaction("c", "g", InteractionType.LIKE, end));

        BoundedReplay replay = new BoundedReplay(KAFKA, "audience", 2).produce(events, List.of());
        replay.run(withPackages(replay.options(checkpoints)));

        String f1 = sha("f1"), f2 = sha("f2"), f3 = sha("f3"), g = sha("g");
        List<AudienceDelta> deltas = replay.read(AudienceDelta.class, "audience-deltas");
        assertThat(deltas)
                .extracting(
                        d -> d.getPackageId(),
                        d -> d.getMemberId(),
                        d -> d.getOp(),
                        d -> d.getEventTime())
                .containsExactlyInAnyOrder(
                        tuple("c-casual", f1, DeltaOp.ADD, noon),
                        tuple("c-casual", f2, DeltaOp.ADD, noon.plus(hours(1))),
                        tuple("c-casual", f3, DeltaOp.ADD, noon.plus(hours(2))),
                        tuple("c-casual", f1, DeltaOp.REMOVE, noon.plus(hours(3))),
                        tuple("c-casual", g, DeltaOp.ADD, noon.plus(hours(4))),
                        tuple("c-casual", f2, DeltaOp.REMOVE, noonOf(3)),
                        tuple("c-level2", md5("g"), DeltaOp.ADD, noon.plus(hours(4))),
                        // Idle after day 1, 2 % a day from day 9: 150, 147, 144, 141, 138 (level 1)
                        // on day 12.
                        tuple("c-level2", md5("g"), DeltaOp.REMOVE, startOf(12)));

        for (String packageId : List.of("c-casual", "c-level2")) {
            List<PackageVersions.Version> versions = PackageVersions.of(packages, packageId);
            PackageVersions.assertConsistent(versions);
            PackageVersions.Version last = versions.get(versions.size() - 1);
            assertThat(last.cutoff()).isLessThanOrEqualTo(end.toEpochMilli());
            assertThat(last.cutoff() + INTERVAL.toMillis()).isGreaterThan(end.toEpochMilli());
            for (PackageVersions.Version version : versions) {
                TreeSet<String> expected =
                        PackageVersions.membersBefore(deltas, packageId, version.cutoff());
                int minSize = (int) version.manifest().minSize();
                assertThat(version.status())
                        .isEqualTo(expected.size() >= minSize ? "PUBLISHED" : "BELOW_MIN_SIZE");
                assertThat(version.members())
                        .as("%s version %d", packageId, version.number())
                        .isEqualTo(
                                expected.size() >= minSize ? new ArrayList<>(expected) : List.of());
            }
        }
        List<PackageVersions.Version> casual = PackageVersions.of(packages, "c-casual");
        assertThat(casual.get(0).status()).isEqualTo("BELOW_MIN_SIZE"); // f1, f2 by 14:00
        assertThat(casual.get(1).members()).containsExactlyElementsOf(sortedOf(f2, f3, g));
        assertThat(casual.get(1).changes())
                .containsExactlyElementsOf(sortedOf(f2, f3, g).stream().map(m -> "+" + m).toList());
        // Every package of the file is in force from the job's earliest interaction (noon, day 1):
        // d-none never has a member, yet gets every version, withheld like any small one.
        long first = SCHEDULE.firstCutoff(noon.toEpochMilli());
        for (String packageId : List.of("c-casual", "c-level2", "d-none")) {
            assertVersionTimes(PackageVersions.of(packages, packageId), first, end);
        }
        List<PackageVersions.Version> none = PackageVersions.of(packages, "d-none");
        assertThat(none)
                .allSatisfy(
                        v -> {
                            assertThat(v.status()).isEqualTo("BELOW_MIN_SIZE");
                            assertThat(v.members()).isEmpty();
                            assertThat(v.changes()).isEmpty();
                        });
    }

    @Test
    void packagesWithoutMembersGetEveryVersionAndMembersMayJoinLater() throws Exception {
        Instant start = noonOf(1, Duration.ofMinutes(7));
        Instant end = noonOf(6, Duration.ofHours(3));
        List<InteractionEvent> events = new ArrayList<>();
        // Creator c has no package here: its fan only starts the job's event time.
        events.add(interaction("c", "f0", InteractionType.LIKE, start));
        events.add(interaction("e", "f1", InteractionType.FOLLOW, noonOf(3)));
        events.add(interaction("e", "f2", InteractionType.FOLLOW, noonOf(3, hours(7))));
        events.add(interaction("e", "f1", InteractionType.UNFOLLOW, noonOf(4)));
        events.add(interaction("e", "f2", InteractionType.UNFOLLOW, noonOf(5)));
        events.add(interaction("c", "f0", InteractionType.LIKE, end));

        BoundedReplay replay =
                new BoundedReplay(KAFKA, "audience-in-force", 2).produce(events, List.of());
        replay.run(
                withPackages(
                        replay.options(checkpoints),
                        packages,
                        """
                        version_interval: 6h
                        packages:
                          - package_id: e-followers
                            creator_id: e
                            min_tier: CASUAL
                            salt_ref: test
                            min_size: 1
                          - package_id: nobody-open
                            creator_id: nobody
                            min_tier: POTENTIAL
                            salt_ref: test
                            min_size: 0
                          - package_id: nobody-withheld
                            creator_id: nobody
                            min_tier: POTENTIAL
                            salt_ref: test
                        """));

        long first = SCHEDULE.firstCutoff(start.toEpochMilli());
        List<AudienceDelta> deltas = replay.read(AudienceDelta.class, "audience-deltas");
        assertThat(deltas).allMatch(d -> d.getPackageId().equals("e-followers")).hasSize(4);

        List<PackageVersions.Version> followers = PackageVersions.of(packages, "e-followers");
        assertVersionTimes(followers, first, end);
        for (PackageVersions.Version version : followers) {
            TreeSet<String> expected =
                    PackageVersions.membersBefore(deltas, "e-followers", version.cutoff());
            assertThat(version.members())
                    .as("e-followers version %d", version.number())
                    .isEqualTo(new ArrayList<>(expected));
            assertThat(version.status())
                    .isEqualTo(expected.isEmpty() ? "BELOW_MIN_SIZE" : "PUBLISHED");
        }
        // Empty before day 3, one member, two, one, then empty again: every step a change set.
        assertThat(followers.get(0).changes()).isEmpty();
        List<Integer> sizes = new ArrayList<>();
        for (PackageVersions.Version version : followers) {
            if (sizes.isEmpty() || sizes.get(sizes.size() - 1) != version.members().size()) {
                sizes.add(version.members().size());
            }
        }
        assertThat(sizes).containsExactly(0, 1, 2, 1, 0);

        List<PackageVersions.Version> open = PackageVersions.of(packages, "nobody-open");
        assertVersionTimes(open, first, end);
        assertThat(open)
                .allSatisfy(
                        v -> {
                            assertThat(v.status()).isEqualTo("PUBLISHED");
                            assertThat(v.manifest().memberCount()).isZero();
                            assertThat(v.members()).isEmpty();
                            assertThat(v.changes()).isEmpty();
                        });
        List<PackageVersions.Version> withheld = PackageVersions.of(packages, "nobody-withheld");
        assertVersionTimes(withheld, first, end);
        assertThat(withheld).allMatch(v -> v.status().equals("BELOW_MIN_SIZE"));
    }

    @Test
    void aPackageAddedAtRuntimeWithoutMembersGetsVersionsFromThen() throws Exception {
        List<InteractionEvent> firstDay = new ArrayList<>();
        for (int fan = 0; fan < 3; fan++) {
            firstDay.add(
                    interaction(
                            "c", "f" + fan, InteractionType.FOLLOW, noonOf(1).plus(hours(fan))));
        }
        // Event time passes the first interval ends of the day; an unbounded run's watermark stays
        // 10 s behind the last event.
        firstDay.add(interaction("c", "f3", InteractionType.LIKE, noonOf(1, hours(9))));
        BoundedReplay replay =
                new BoundedReplay(KAFKA, "audience-runtime-empty", 2).produce(firstDay, List.of());
        Configuration options =
                withPackages(replay.options(checkpoints))
                        .set(JobOptions.FROM, JobOptions.StartFrom.EARLIEST)
                        .set(JobOptions.IDLENESS, Duration.ofSeconds(1));
        JobClient job = FanScoringJob.executeAsync(JobConfig.from(options));
        try {
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> !PackageVersions.of(packages, "c-casual").isEmpty());
            PackageDefinition nobody =
                    new PackageDefinition(
                            "c-nobody",
                            "c",
                            PackageDefinition.tiersFrom(Tier.DEVOTED),
                            0,
                            false,
                            IdFormat.SHA256,
                            "test",
                            0);
            PackageDefinition witness =
                    new PackageDefinition(
                            "c-witness",
                            "c",
                            PackageDefinition.tiersFrom(Tier.CASUAL),
                            0,
                            false,
                            IdFormat.SHA256,
                            "test",
                            1);
            SingleObjectCodec<PackageControl> controls =
                    new SingleObjectCodec<>(PackageControl.class);
            // One key, one partition: the witness's back-fill shows both changes were applied.
            KAFKA.produce(
                    replay.topic("package-control"),
                    List.of(
                            Map.entry(key("c"), controls.encode(PackageControls.upsert(nobody))),
                            Map.entry(key("c"), controls.encode(PackageControls.upsert(witness)))));
            await().atMost(Duration.ofMinutes(2))
                    .until(
                            () ->
                                    replay.read(AudienceDelta.class, "audience-deltas").stream()
                                            .anyMatch(d -> d.getPackageId().equals("c-witness")));
            Instant later = noonOf(3);
            replay.produceMore(List.of(interaction("c", "f9", InteractionType.LIKE, later)));
            long reachable = later.toEpochMilli() - 10_001;
            long lastDue = SCHEDULE.firstCutoff(reachable) - INTERVAL.toMillis();
            await().atMost(Duration.ofMinutes(2))
                    .until(
                            () -> {
                                List<PackageVersions.Version> cut =
                                        PackageVersions.of(packages, "c-nobody");
                                return !cut.isEmpty()
                                        && cut.get(cut.size() - 1).cutoff() == lastDue;
                            });
            List<PackageVersions.Version> added = PackageVersions.of(packages, "c-nobody");
            PackageVersions.assertConsistent(added);
            // In force from the event time the job had reached when the change was applied: after
            // the versions already cut, no later than the first interval end after the first day.
            long casualFirst = PackageVersions.of(packages, "c-casual").get(0).cutoff();
            assertThat(added.get(0).cutoff())
                    .isGreaterThan(casualFirst)
                    .isLessThanOrEqualTo(SCHEDULE.firstCutoff(noonOf(1, hours(9)).toEpochMilli()));
            for (PackageVersions.Version version : added) {
                assertThat(version.cutoff())
                        .isEqualTo(
                                added.get(0).cutoff()
                                        + (version.number() - 1) * INTERVAL.toMillis());
                assertThat(version.members()).isEmpty();
                assertThat(version.status()).isEqualTo("PUBLISHED");
            }
        } finally {
            RunningJobs.cancelAndAwaitEnd(job);
        }
    }

    /**
     * Version v is cut at {@code first + (v−1) × interval}, for every interval end up to the last
     * event time read and none after, and the versions add up.
     */
    private static void assertVersionTimes(
            List<PackageVersions.Version> versions, long first, Instant end) {
        PackageVersions.assertConsistent(versions);
        assertThat(versions).hasSize((int) SCHEDULE.versionsDue(first, end.toEpochMilli()));
        for (PackageVersions.Version version : versions) {
            assertThat(version.cutoff())
                    .isEqualTo(first + (version.number() - 1) * INTERVAL.toMillis());
        }
    }

    @Test
    void versionsAfterAStopWithSavepointAndResumeEqualAnUninterruptedRun() throws Exception {
        List<InteractionEvent> events = new ArrayList<>();
        for (int day = 1; day <= 4; day++) {
            for (int fan = 0; fan < 6; fan++) {
                InteractionType type =
                        (fan + day) % 3 == 0 ? InteractionType.UNFOLLOW : InteractionType.FOLLOW;
                events.add(interaction("c", "f" + fan, type, noonOf(day).plus(hours(fan * 3 - 9))));
            }
        }
        Instant end = noonOf(4, Duration.ofHours(9));
        List<InteractionEvent> firstHalf =
                events.stream().filter(e -> e.getEventTime().isBefore(noonOf(2))).toList();
        List<InteractionEvent> secondHalf =
                events.stream().filter(e -> !e.getEventTime().isBefore(noonOf(2))).toList();

        Path reference = packages.resolve("reference");
        BoundedReplay whole =
                new BoundedReplay(KAFKA, "audience-whole", 2).produce(events, List.of());
        whole.run(withPackages(whole.options(checkpoints.resolve("whole")), reference));
        List<PackageVersions.Version> expected = PackageVersions.of(reference, "c-casual");
        // An unbounded run's watermark stays 10 s behind the last event.
        long reachable = end.toEpochMilli() - 10_001;
        long comparable = expected.stream().filter(v -> v.cutoff() <= reachable).count();

        Path resumed = packages.resolve("resumed");
        BoundedReplay interrupted =
                new BoundedReplay(KAFKA, "audience-resumed", 2).produce(firstHalf, List.of());
        Configuration options =
                withPackages(interrupted.options(checkpoints.resolve("resumed")), resumed)
                        .set(JobOptions.FROM, JobOptions.StartFrom.EARLIEST)
                        .set(JobOptions.IDLENESS, Duration.ofSeconds(1));
        JobClient first = FanScoringJob.executeAsync(JobConfig.from(options));
        await().atMost(Duration.ofMinutes(2))
                .until(() -> PackageVersions.of(resumed, "c-casual").size() >= 3);
        String savepoint =
                first.stopWithSavepoint(
                                false,
                                checkpoints.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(2, TimeUnit.MINUTES);
        int beforeStop = PackageVersions.of(resumed, "c-casual").size();

        interrupted.produceMore(secondHalf);
        Configuration resume =
                JobOptions.flinkSetting(
                        new Configuration(options), "execution.state-recovery.path", savepoint);
        JobClient second = FanScoringJob.executeAsync(JobConfig.from(resume));
        try {
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> PackageVersions.of(resumed, "c-casual").size() >= comparable);
        } finally {
            RunningJobs.cancelAndAwaitEnd(second);
        }

        List<PackageVersions.Version> actual = PackageVersions.of(resumed, "c-casual");
        PackageVersions.assertConsistent(actual);
        assertThat(beforeStop).isLessThan((int) comparable);
        for (int i = 0; i < comparable; i++) {
            assertThat(actual.get(i).manifest()).isEqualTo(expected.get(i).manifest());
            assertThat(actual.get(i).members()).isEqualTo(expected.get(i).members());
            assertThat(actual.get(i).changes()).isEqualTo(expected.get(i).changes());
        }
    }

    @Test
    void packagesChangeAtRuntimeAndBadChangesAreDeadLettered() throws Exception {
        List<InteractionEvent> events = new ArrayList<>();
        for (int fan = 0; fan < 8; fan++) {
            InteractionType type = fan % 2 == 0 ? InteractionType.FOLLOW : InteractionType.LIKE;
            events.add(interaction("c", "f" + fan, type, noonOf(1).plus(hours(fan))));
        }
        events.add(interaction("c", "f0", InteractionType.UNFOLLOW, noonOf(2)));
        BoundedReplay replay =
                new BoundedReplay(KAFKA, "audience-control", 2).produce(events, List.of());
        PackageDefinition everyone =
                new PackageDefinition(
                        "c-everyone",
                        "c",
                        PackageDefinition.tiersFrom(Tier.POTENTIAL),
                        0,
                        false,
                        IdFormat.SHA256,
                        "test",
                        1);
        PackageDefinition unknownSalt =
                new PackageDefinition(
                        "c-bad",
                        "c",
                        PackageDefinition.tiersFrom(Tier.CASUAL),
                        0,
                        false,
                        IdFormat.SHA256,
                        "no-such-salt",
                        1);
        SingleObjectCodec<PackageControl> controls = new SingleObjectCodec<>(PackageControl.class);
        KAFKA.produce(
                replay.topic("package-control"),
                List.of(
                        Map.entry(
                                key("c-everyone"),
                                controls.encode(PackageControls.upsert(everyone))),
                        Map.entry(
                                key("c-casual"),
                                controls.encode(PackageControls.remove("c-casual"))),
                        Map.entry(
                                key("c-bad"), controls.encode(PackageControls.upsert(unknownSalt))),
                        Map.entry(key("junk"), new byte[] {1, 2, 3}),
                        // A removed id is retired, and a package cannot move to another creator.
                        Map.entry(
                                key("c-casual"),
                                controls.encode(
                                        PackageControls.upsert(
                                                new PackageDefinition(
                                                        "c-casual",
                                                        "c",
                                                        PackageDefinition.tiersFrom(Tier.CASUAL),
                                                        0,
                                                        false,
                                                        IdFormat.SHA256,
                                                        "test",
                                                        3)))),
                        Map.entry(
                                key("c-level2"),
                                controls.encode(
                                        PackageControls.upsert(
                                                new PackageDefinition(
                                                        "c-level2",
                                                        "d",
                                                        PackageDefinition.tiersFrom(Tier.POTENTIAL),
                                                        2,
                                                        false,
                                                        IdFormat.MD5,
                                                        "test",
                                                        1))))));

        BoundedReplay.Outputs outputs = replay.run(withPackages(replay.options(checkpoints)));

        // However the change interleaves with the interactions (it is not an event), the package
        // ends up with every fan of c: back-filled from state, or added as fans appear.
        List<AudienceDelta> deltas = replay.read(AudienceDelta.class, "audience-deltas");
        TreeSet<String> everyoneNow =
                PackageVersions.membersBefore(deltas, "c-everyone", noonOf(3).toEpochMilli());
        TreeSet<String> allFans = new TreeSet<>();
        for (int fan = 0; fan < 8; fan++) {
            allFans.add(sha("f" + fan));
        }
        assertThat(everyoneNow).isEqualTo(allFans);
        assertThat(deltas).noneMatch(d -> d.getPackageId().equals("c-bad"));
        PackageVersions.assertConsistent(PackageVersions.of(packages, "c-everyone"));
        PackageVersions.assertConsistent(PackageVersions.of(packages, "c-casual"));
        assertThat(outputs.deadLetters())
                .extracting(d -> d.getSourceTopic(), d -> d.getReason())
                .containsExactlyInAnyOrder(
                        tuple(replay.topic("package-control"), DeadLetterReason.INVALID_VALUE),
                        tuple(replay.topic("package-control"), DeadLetterReason.UNDECODABLE),
                        tuple(replay.topic("package-control"), DeadLetterReason.INVALID_VALUE),
                        tuple(replay.topic("package-control"), DeadLetterReason.INVALID_VALUE));

        // Every change is audited once: the file's packages at the start, then each control.
        List<PackageAudit> audit = replay.read(PackageAudit.class, "package-audit");
        assertThat(audit)
                .filteredOn(a -> a.getSource() == PackageChangeSource.DEFINITIONS_FILE)
                .extracting(PackageAudit::getPackageId, PackageAudit::getDecision)
                .containsExactlyInAnyOrder(
                        tuple("c-casual", PackageChangeDecision.ACCEPTED),
                        tuple("c-level2", PackageChangeDecision.ACCEPTED),
                        tuple("d-none", PackageChangeDecision.ACCEPTED));
        assertThat(audit)
                .filteredOn(a -> a.getSource() == PackageChangeSource.CONTROL_TOPIC)
                .extracting(
                        PackageAudit::getPackageId,
                        PackageAudit::getAction,
                        PackageAudit::getDecision)
                .containsExactlyInAnyOrder(
                        tuple("c-everyone", PackageAction.UPSERT, PackageChangeDecision.ACCEPTED),
                        tuple("c-casual", PackageAction.REMOVE, PackageChangeDecision.ACCEPTED),
                        tuple("c-bad", PackageAction.UPSERT, PackageChangeDecision.REFUSED),
                        tuple(null, null, PackageChangeDecision.REFUSED),
                        tuple("c-casual", PackageAction.UPSERT, PackageChangeDecision.REFUSED),
                        tuple("c-level2", PackageAction.UPSERT, PackageChangeDecision.REFUSED));
        assertThat(audit).extracting(PackageAudit::getAuditId).doesNotHaveDuplicates();
        // A package's changes are decided in the order they were sent.
        assertThat(audit)
                .filteredOn(a -> "c-casual".equals(a.getPackageId()))
                .filteredOn(a -> a.getSource() == PackageChangeSource.CONTROL_TOPIC)
                .extracting(PackageAudit::getDecision, PackageAudit::getReason)
                .containsExactly(
                        tuple(PackageChangeDecision.ACCEPTED, null),
                        tuple(
                                PackageChangeDecision.REFUSED,
                                "INVALID_VALUE: package c-casual was removed; its id is retired"));
        assertThat(audit)
                .filteredOn(a -> "c-level2".equals(a.getPackageId()))
                .filteredOn(a -> a.getSource() == PackageChangeSource.CONTROL_TOPIC)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getPrevious().getCreatorId()).isEqualTo("c");
                            assertThat(a.getChange().getCreatorId()).isEqualTo("d");
                        });
    }

    @Test
    void aRunningJobAuditsItsFileAtStartAndEachChangeAsItArrivesWithNoOtherInput()
            throws Exception {
        // No interactions at all: neither the file's audit nor a change's may wait for input.
        BoundedReplay replay =
                new BoundedReplay(KAFKA, "audience-audit-running", 1).produce(List.of(), List.of());
        JobClient job =
                FanScoringJob.executeAsync(
                        JobConfig.from(withPackages(replay.options(checkpoints))));
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(
                            () ->
                                    assertThat(replay.read(PackageAudit.class, "package-audit"))
                                            .extracting(
                                                    PackageAudit::getSource,
                                                    PackageAudit::getPackageId)
                                            .containsExactlyInAnyOrder(
                                                    tuple(
                                                            PackageChangeSource.DEFINITIONS_FILE,
                                                            "c-casual"),
                                                    tuple(
                                                            PackageChangeSource.DEFINITIONS_FILE,
                                                            "c-level2"),
                                                    tuple(
                                                            PackageChangeSource.DEFINITIONS_FILE,
                                                            "d-none")));

            SingleObjectCodec<PackageControl> controls =
                    new SingleObjectCodec<>(PackageControl.class);
            KAFKA.produce(
                    replay.topic("package-control"),
                    List.of(
                            Map.entry(
                                    key("c-casual"),
                                    controls.encode(PackageControls.remove("c-casual")))));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(
                            () ->
                                    assertThat(replay.read(PackageAudit.class, "package-audit"))
                                            .filteredOn(
                                                    a ->
                                                            a.getSource()
                                                                    == PackageChangeSource
                                                                            .CONTROL_TOPIC)
                                            .extracting(
                                                    PackageAudit::getAction,
                                                    PackageAudit::getDecision)
                                            .containsExactly(
                                                    tuple(
                                                            PackageAction.REMOVE,
                                                            PackageChangeDecision.ACCEPTED)));
        } finally {
            RunningJobs.cancelAndAwaitEnd(job);
        }
    }

    @Test
    void aRefusedDefinitionsFileStopsTheJobAndIsAudited() throws Exception {
        BoundedReplay replay =
                new BoundedReplay(KAFKA, "audience-refused-file", 1).produce(List.of(), List.of());
        Configuration options =
                withPackages(
                        replay.options(checkpoints),
                        packages,
                        """
                        packages:
                          - package_id: c-unsalted
                            creator_id: c
                            min_tier: CASUAL
                            salt_ref: missing
                        """);
        String[] args =
                options.toMap().entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new);

        assertThatThrownBy(() -> FanScoringJob.configure(args))
                .isInstanceOf(JobConfig.RefusedPackageFile.class)
                .hasMessageContaining("salt 'missing'");

        assertThat(replay.read(PackageAudit.class, "package-audit"))
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getSource())
                                    .isEqualTo(PackageChangeSource.DEFINITIONS_FILE);
                            assertThat(a.getDecision()).isEqualTo(PackageChangeDecision.REFUSED);
                            assertThat(a.getOrigin()).isEqualTo(options.get(JobOptions.PACKAGES));
                            assertThat(a.getReason()).contains("salt 'missing'");
                        });
    }

    private static byte[] key(String id) {
        return id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Configuration withPackages(Configuration options) throws Exception {
        return withPackages(options, packages);
    }

    /** The three test packages on {@code options}, versions written under {@code packages}. */
    private Configuration withPackages(Configuration options, Path packages) throws Exception {
        return withPackages(
                options,
                packages,
                """
                version_interval: 6h
                packages:
                  - package_id: c-casual
                    creator_id: c
                    min_tier: CASUAL
                    salt_ref: test
                    min_size: 3
                  - package_id: c-level2
                    creator_id: c
                    min_tier: POTENTIAL
                    min_level: 2
                    id_format: md5
                    salt_ref: test
                    min_size: 1
                  - package_id: d-none
                    creator_id: d
                    tiers: [DEVOTED]
                    salt_ref: test
                """);
    }

    private Configuration withPackages(Configuration options, Path packages, String definitionsYaml)
            throws Exception {
        Path definitions = config.resolve("packages.yaml");
        Files.writeString(definitions, definitionsYaml);
        Path salts = config.resolve("salts.properties");
        Files.writeString(salts, "test=" + SALT + "\n");
        return options.set(JobOptions.PACKAGES, definitions.toString())
                .set(JobOptions.PACKAGES_SALTS, salts.toString())
                .set(JobOptions.PACKAGES_PATH, packages.toUri().toString());
    }

    private static List<String> sortedOf(String... ids) {
        return new TreeSet<>(List.of(ids)).stream().toList();
    }

    private static String sha(String fan) {
        return IdFormat.SHA256.memberId(SALT, fan);
    }

    private static String md5(String fan) {
        return IdFormat.MD5.memberId(SALT, fan);
    }

    private static Duration hours(int n) {
        return Duration.ofHours(n);
    }

    private InteractionEvent interaction(
            String creator, String fan, InteractionType type, Instant time) {
        return InteractionEvent.newBuilder()
                .setEventId("e" + (++sequence))
                .setCreatorId(creator)
                .setFanId(fan)
                .setType(type)
                .setEventTime(time)
                .build();
    }
}
