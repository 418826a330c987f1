package io.fanscore.jobs.scoring;

import io.fanscore.jobs.testutils.BoundedReplay;
import io.fanscore.jobs.testutils.PipelineITCaseBase;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.ProfileAssignment;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.fanscore.rules.scoring.ScoringFixtures.interaction;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Runtime profile assignments (SPEC §11) end to end: real broker, MiniCluster with RocksDB and
 * checkpoints, assignments read from their own topic.
 *
 * <p>Both creators' fans get 150 points on day 1: level 2, CASUAL, which they keep down to 126
 * (hysteresis). Under {@code general} decay takes 2 % a day from day 9 (CASUAL lost at the start of
 * day 17); creator c moves to {@code considered-offline} (1 % a day after 21 idle days) from the
 * start of day 12, and loses CASUAL at the start of day 30 instead.
 */
class ProfileAssignmentsITCase extends PipelineITCaseBase {

    @Test
    void aReassignmentMidStreamAppliesAtTheNextDayStartAndEqualsItselfOnReplay() throws Exception {
        List<TierChange> first = replay("profiles-a", checkpoints.resolve("a"));
        List<TierChange> second = replay("profiles-b", checkpoints.resolve("b"));

        assertThat(first)
                .filteredOn(change -> change.getFromTier() == Tier.CASUAL)
                .extracting(TierChange::getCreatorId, TierChange::getEventTime)
                .containsExactlyInAnyOrder(tuple("c", startOf(30)), tuple("d", startOf(17)));
        assertThat(second).containsExactlyInAnyOrderElementsOf(first);
    }

    private List<TierChange> replay(String name, java.nio.file.Path dir) throws Exception {
        BoundedReplay replay =
                new BoundedReplay(KAFKA, name, 2)
                        .produce(
                                List.of(
                                        gift("c", noonOf(1)),
                                        gift("d", noonOf(1)),
                                        like("e", noonOf(31))),
                                List.of());
        replay.produceAssignments(
                List.of(
                        assignment("c", "considered-offline", noonOf(11)),
                        assignment("d", "no-such-profile", noonOf(11))));
        BoundedReplay.Outputs outputs = replay.run(replay.options(dir));

        assertThat(outputs.deadLetters())
                .extracting(DeadLetter::getSourceTopic, DeadLetter::getReason)
                .containsExactly(tuple(replay.topic("profiles"), DeadLetterReason.INVALID_VALUE));
        assertThat(outputs.deadLetters().get(0).getDetail()).contains("no-such-profile");
        return outputs.tierChanges();
    }

    private static InteractionEvent gift(String creator, Instant time) {
        InteractionEvent gift =
                interaction(creator + "-gift", creator, "fan", InteractionType.GIFT, time);
        gift.setAmountCents(1_500L);
        return gift;
    }

    private static InteractionEvent like(String creator, Instant time) {
        return interaction(creator + "-like", creator, "fan", InteractionType.LIKE, time);
    }

    private static ProfileAssignment assignment(String creator, String profile, Instant time) {
        return ProfileAssignment.newBuilder()
                .setCreatorId(creator)
                .setProfile(profile)
                .setEventTime(time)
                .build();
    }
}
