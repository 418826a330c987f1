package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.Tier;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.push;
import static org.assertj.core.api.Assertions.assertThat;

class CreatorPushValidatorTest {

    private final CreatorPushValidator validator = new CreatorPushValidator(InputLimits.defaults());
    private final long readAt = noonOf(2).toEpochMilli();

    @Test
    void aCompletePushIsValidWithOrWithoutTitleAndMinTier() {
        CreatorPush push = push("p-1", "c1", noonOf(1));
        assertThat(validator.check(push, readAt)).isNull();
        push.setTitle(null);
        push.setMinTier(Tier.DEVOTED);
        assertThat(validator.check(push, readAt)).isNull();
    }

    @Test
    void missingIdsOrTimeAreMissingField() {
        CreatorPush noId = push("", "c1", noonOf(1));
        assertThat(validator.check(noId, readAt).reason())
                .isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(validator.check(noId, readAt).detail()).contains("push_id");
        CreatorPush noCreator = push("p-1", null, noonOf(1));
        assertThat(validator.check(noCreator, readAt).detail()).contains("creator_id");
        CreatorPush noTime = push("p-1", "c1", null);
        assertThat(validator.check(noTime, readAt).detail()).contains("event_time");
    }

    @Test
    void minTierNoneAncientTimesAndLongIdsAreInvalid() {
        CreatorPush none = push("p-1", "c1", noonOf(1));
        none.setMinTier(Tier.NONE);
        assertThat(validator.check(none, readAt).reason())
                .isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(
                        validator
                                .check(
                                        push("p-1", "c1", Instant.parse("2009-12-31T00:00:00Z")),
                                        readAt)
                                .reason())
                .isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(validator.check(push("p".repeat(129), "c1", noonOf(1)), readAt).reason())
                .isEqualTo(DeadLetterReason.INVALID_VALUE);
        // An hour and a minute ahead of the wall clock: mis-stamped (SPEC §9).
        assertThat(
                        validator
                                .check(push("p-1", "c1", noonOf(2).plusSeconds(3_660)), readAt)
                                .reason())
                .isEqualTo(DeadLetterReason.INVALID_VALUE);
    }
}
