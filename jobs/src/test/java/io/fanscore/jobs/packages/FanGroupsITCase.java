package io.fanscore.jobs.packages;

import io.fanscore.jobs.JobOptions;
import io.fanscore.jobs.testutils.BoundedReplay;
import io.fanscore.jobs.testutils.PackageVersions;
import io.fanscore.jobs.testutils.PipelineITCaseBase;
import io.fanscore.rules.packages.VersionSchedule;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;

import org.apache.flink.configuration.Configuration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Fan groups as audience packages (SPEC §13) end to end: real broker, MiniCluster with RocksDB and
 * checkpoints. Members join at the instant their follow is old enough, with no event then, and the
 * group is versioned at its own interval.
 */
class FanGroupsITCase extends PipelineITCaseBase {

    private static final Duration GROUP_INTERVAL = Duration.ofHours(3);

    @TempDir Path config;

    private int sequence;

    @Test
    void membersJoinWhenTheirFollowIsOldEnoughWithoutAnEventAndLeaveOnUnfollow() throws Exception {
        Instant noon = noonOf(1);
        List<InteractionEvent> events = new ArrayList<>();
        events.add(interaction("f1", InteractionType.FOLLOW, noon));
        events.add(interaction("f2", InteractionType.FOLLOW, noon.plus(hours(1))));
        events.add(interaction("f2", InteractionType.JOIN_FAN_CLUB, noonOf(2)));
        // A break starts the count again: f3 would have joined at noon of day 3.
        events.add(interaction("f3", InteractionType.FOLLOW, noon));
        events.add(interaction("f3", InteractionType.UNFOLLOW, noonOf(2)));
        events.add(interaction("f3", InteractionType.FOLLOW, noonOf(2, hours(6))));
        // A FOLLOW while following keeps the follow's start.
        events.add(interaction("f4", InteractionType.FOLLOW, noon));
        events.add(interaction("f4", InteractionType.FOLLOW, noonOf(2)));
        events.add(interaction("f4", InteractionType.UNFOLLOW, noonOf(3, hours(2))));
        // Another creator's traffic carries event time past the entries; nothing of c's is then.
        Instant end = noonOf(3, hours(6));
        events.add(other(end));

        // Produced in event-time order: the bound of out-of-orderness is 10 s.
        events.sort(java.util.Comparator.comparing(InteractionEvent::getEventTime));
        BoundedReplay replay = new BoundedReplay(KAFKA, "fan-groups", 2).produce(events, List.of());
        Path packages = Files.createDirectories(checkpoints.resolve("package-tree"));
        BoundedReplay.Outputs outputs =
                replay.run(withGroups(replay.options(checkpoints), packages));
        assertThat(outputs.deadLetters()).isEmpty();

        List<AudienceDelta> deltas = replay.read(AudienceDelta.class, "audience-deltas");
        assertThat(deltas)
                .extracting(
                        AudienceDelta::getPackageId,
                        AudienceDelta::getMemberId,
                        AudienceDelta::getOp,
                        AudienceDelta::getEventTime)
                .containsExactlyInAnyOrder(
                        tuple("c-two-days", "f1", DeltaOp.ADD, noonOf(3)),
                        tuple("c-two-days", "f2", DeltaOp.ADD, noonOf(3, hours(1))),
                        tuple("c-two-days", "f4", DeltaOp.ADD, noonOf(3)),
                        tuple("c-two-days", "f4", DeltaOp.REMOVE, noonOf(3, hours(2))),
                        tuple("c-club-two-days", "f2", DeltaOp.ADD, noonOf(3, hours(1))));

        VersionSchedule schedule = new VersionSchedule(GROUP_INTERVAL);
        long first = schedule.firstCutoff(noon.toEpochMilli());
        for (String group : List.of("c-two-days", "c-club-two-days")) {
            List<PackageVersions.Version> versions = PackageVersions.of(packages, group);
            PackageVersions.assertConsistent(versions);
            assertThat(versions).hasSize((int) schedule.versionsDue(first, end.toEpochMilli()));
            for (PackageVersions.Version version : versions) {
                assertThat(version.cutoff())
                        .isEqualTo(first + (version.number() - 1) * GROUP_INTERVAL.toMillis());
                assertThat(version.members())
                        .as("%s version %d", group, version.number())
                        .containsExactlyElementsOf(
                                PackageVersions.membersBefore(deltas, group, version.cutoff()));
            }
        }
        // Noon here is 04:00 UTC: versions are cut at 06:00 and 09:00 UTC, before and after f4
        // left at 06:00 (a delta at a cut-off belongs to the next version).
        List<PackageVersions.Version> twoDays = PackageVersions.of(packages, "c-two-days");
        assertThat(membersCutAt(twoDays, noonOf(3, hours(2)))).containsExactly("f1", "f2", "f4");
        assertThat(membersCutAt(twoDays, noonOf(3, hours(5)))).containsExactly("f1", "f2");
        assertThat(membersCutAt(twoDays, noonOf(3, hours(-1)))).isEmpty();
    }

    private static List<String> membersCutAt(
            List<PackageVersions.Version> versions, Instant cutoff) {
        return versions.stream()
                .filter(v -> v.cutoff() == cutoff.toEpochMilli())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no version cut at " + cutoff))
                .members();
    }

    private Configuration withGroups(Configuration options, Path packages) throws Exception {
        Path definitions = config.resolve("packages.yaml");
        Files.writeString(
                definitions,
                """
                version_interval: 6h
                allow_raw: true
                packages:
                  - package_id: c-two-days
                    creator_id: c
                    min_tier: POTENTIAL
                    min_follow_days: 2
                    id_format: raw
                    min_size: 0
                    version_interval: 3h
                  - package_id: c-club-two-days
                    creator_id: c
                    min_tier: POTENTIAL
                    min_follow_days: 2
                    fan_club_required: true
                    id_format: raw
                    min_size: 0
                    version_interval: 3h
                """);
        return options.set(JobOptions.PACKAGES, definitions.toString())
                .set(JobOptions.PACKAGES_PATH, packages.toUri().toString());
    }

    private InteractionEvent interaction(String fan, InteractionType type, Instant time) {
        return event("c", fan, type, time);
    }

    private InteractionEvent other(Instant time) {
        return event("d", "x", InteractionType.LIKE, time);
    }

    private InteractionEvent event(String creator, String fan, InteractionType type, Instant time) {
        return ScoringFixtures.interaction("e" + (++sequence), creator, fan, type, time);
    }

    private static Duration hours(int n) {
        return Duration.ofHours(n);
    }
}
