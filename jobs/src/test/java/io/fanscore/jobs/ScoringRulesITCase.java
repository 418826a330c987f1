package io.fanscore.jobs;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.jobs.testutils.BoundedReplay;
import io.fanscore.jobs.testutils.ExpectedTierChanges;
import io.fanscore.jobs.testutils.InjectedReplay;
import io.fanscore.jobs.testutils.MiniClusterITCaseBase;
import io.fanscore.jobs.testutils.ScenarioWorkload;
import io.fanscore.rules.scoring.ProfileLoader;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.rules.scoring.ScoringProfile;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.TierChange;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules through the whole job: a MiniCluster with the RocksDB backend and checkpoints, the
 * input injected as the bytes a producer sends and decoded by the job's own deserializer, outputs
 * collected ({@link InjectedReplay}). Compared with an independent implementation of the rules.
 */
class ScoringRulesITCase extends MiniClusterITCaseBase {

    private static final SingleObjectCodec<InteractionEvent> EVENTS =
            new SingleObjectCodec<>(InteractionEvent.class);

    @Test
    void aReplayEmitsExactlyTheTierChangesTheRulesDefine() throws Exception {
        List<InteractionEvent> events = ScenarioWorkload.generate(7, 300);

        List<TierChange> actual = replay("rules", events).tierChanges();

        List<TierChange> expected = ExpectedTierChanges.of(ScoringFixtures.general(), events);
        assertThat(expected).hasSizeGreaterThan(50);
        assertThat(sorted(actual)).isEqualTo(sorted(expected));
        assertThat(actual).extracting(TierChange::getCause).contains("DECAY", "EXPIRY");
    }

    @Test
    void anotherArrivalOrderWithinTheBoundGivesIdenticalOutput() throws Exception {
        List<InteractionEvent> events = ScenarioWorkload.generate(11, 300);
        List<InteractionEvent> reordered = ScenarioWorkload.reorderWithin(events, 10_000, 5);
        assertThat(reordered).isNotEqualTo(events);

        BoundedReplay.Outputs first = replay("order-a", events);
        BoundedReplay.Outputs second = replay("order-b", reordered);

        assertThat(first.deadLetters()).isEmpty();
        assertThat(second.deadLetters()).isEmpty();
        assertThat(first.tierChanges()).isNotEmpty();
        assertThat(sorted(second.tierChanges())).isEqualTo(sorted(first.tierChanges()));
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirBytesAndReason() throws Exception {
        InjectedReplay replay = new InjectedReplay("bad");
        String topic = replay.topic("interactions");
        InteractionEvent follow =
                ScoringFixtures.event("ok-1", InteractionType.FOLLOW, ScoringFixtures.noonOf(1));
        InteractionEvent missingFan =
                ScoringFixtures.event(
                        "bad-1",
                        InteractionType.LIKE,
                        ScoringFixtures.noonOf(1, Duration.ofSeconds(1)));
        missingFan.setFanId("");
        InteractionEvent unknownType =
                ScoringFixtures.event(
                        "bad-2",
                        InteractionType.UNKNOWN,
                        ScoringFixtures.noonOf(1, Duration.ofSeconds(2)));
        InteractionEvent hugeGift =
                ScoringFixtures.gift(
                        20_000_000_000L, ScoringFixtures.noonOf(1, Duration.ofSeconds(3)));
        InteractionEvent stillOnTime =
                ScoringFixtures.event(
                        "ok-2",
                        InteractionType.LIKE,
                        ScoringFixtures.noonOf(1, Duration.ofSeconds(4)));
        InteractionEvent late =
                ScoringFixtures.event(
                        "late-1",
                        InteractionType.LIKE,
                        ScoringFixtures.noonOf(1, Duration.ofSeconds(-60)));
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        List<byte[]> values = new ArrayList<>();
        values.add(EVENTS.encode(follow));
        values.add(EVENTS.encode(missingFan));
        values.add(EVENTS.encode(unknownType));
        values.add(EVENTS.encode(hugeGift));
        values.add(garbage);
        // Each of the two readers takes a contiguous half: the late record comes right after a
        // valid one in its reader, as it would in a partition.
        values.add(EVENTS.encode(stillOnTime));
        values.add(EVENTS.encode(late));
        replay.produceInteractionBytes("creator-1", values);

        BoundedReplay.Outputs outputs = replay.run(checkpoints);

        List<DeadLetter> dead = outputs.deadLetters();
        assertThat(dead)
                .extracting(DeadLetter::getSourceOffset, DeadLetter::getReason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(1L, DeadLetterReason.MISSING_FIELD),
                        org.assertj.core.groups.Tuple.tuple(2L, DeadLetterReason.UNKNOWN_TYPE),
                        org.assertj.core.groups.Tuple.tuple(3L, DeadLetterReason.INVALID_VALUE),
                        org.assertj.core.groups.Tuple.tuple(4L, DeadLetterReason.UNDECODABLE),
                        org.assertj.core.groups.Tuple.tuple(6L, DeadLetterReason.LATE));
        DeadLetter undecodable =
                dead.stream()
                        .filter(d -> d.getReason() == DeadLetterReason.UNDECODABLE)
                        .findFirst()
                        .orElseThrow();
        assertThat(undecodable.getOriginalValue()).isEqualTo(ByteBuffer.wrap(garbage));
        assertThat(undecodable.getSourceTopic()).isEqualTo(topic);

        assertThat(outputs.tierChanges()).extracting(TierChange::getCause).containsExactly("ok-1");
    }

    @Test
    void eachCreatorIsScoredUnderItsOwnProfile() throws Exception {
        List<InteractionEvent> events = ScenarioWorkload.generate(23, 300);
        Map<String, ScoringProfile> assigned =
                Map.of(
                        "c1", ProfileLoader.load("local-store"),
                        "c2", ProfileLoader.load("considered-offline"));
        Path assignments = checkpoints.resolve("assignments.yaml");
        Files.writeString(
                assignments, "assignments:\n  c1: local-store\n  c2: considered-offline\n");
        InjectedReplay replay = new InjectedReplay("profiles").produce(events, List.of());

        List<TierChange> actual =
                replay.run(
                                replay.options(checkpoints)
                                        .set(
                                                JobOptions.PROFILE_ASSIGNMENTS,
                                                assignments.toString()))
                        .tierChanges();

        List<TierChange> expected = new ArrayList<>();
        for (String creator : List.of("c0", "c1", "c2")) {
            ScoringProfile profile = assigned.getOrDefault(creator, ScoringFixtures.general());
            expected.addAll(
                    ExpectedTierChanges.of(
                            profile,
                            events.stream()
                                    .filter(e -> e.getCreatorId().equals(creator))
                                    .toList()));
        }
        // The assignment matters for this input: one profile for all would give other changes.
        assertThat(sorted(expected))
                .isNotEqualTo(sorted(ExpectedTierChanges.of(ScoringFixtures.general(), events)));
        assertThat(sorted(actual)).isEqualTo(sorted(expected));
    }

    private BoundedReplay.Outputs replay(String name, List<InteractionEvent> events)
            throws Exception {
        return new InjectedReplay(name).produce(events, List.of()).run(checkpoints);
    }

    private static List<TierChange> sorted(List<TierChange> changes) {
        List<TierChange> result = new ArrayList<>(changes);
        result.sort(Comparator.comparing(TierChange::getChangeId));
        return result;
    }
}
