package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.DeadLetterReason;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.fanscore.rules.scoring.ScoringFixtures.erasureRequest;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static org.assertj.core.api.Assertions.assertThat;

class ErasureValidatorTest {

    private final ErasureValidator validator = new ErasureValidator(InputLimits.defaults());
    private final long readAt = noonOf(2).toEpochMilli();

    @Test
    void aRequestForOneOrEveryCreatorIsValid() {
        assertThat(validator.check(erasureRequest("r1", "fan", "c1", noonOf(1)), readAt)).isNull();
        assertThat(validator.check(erasureRequest("r1", "fan", null, noonOf(1)), readAt)).isNull();
    }

    @Test
    void missingIdsOrTimeAndAnEmptyCreatorAreMissingField() {
        assertThat(validator.check(erasureRequest(null, "fan", null, noonOf(1)), readAt).detail())
                .contains("request_id");
        assertThat(validator.check(erasureRequest("r1", "", null, noonOf(1)), readAt).detail())
                .contains("fan_id");
        assertThat(validator.check(erasureRequest("r1", "fan", "", noonOf(1)), readAt).detail())
                .contains("creator_id");
        Rejection noTime = validator.check(erasureRequest("r1", "fan", null, null), readAt);
        assertThat(noTime.reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(noTime.detail()).contains("event_time");
    }

    @Test
    void longIdsAncientAndFutureTimesAreInvalid() {
        assertThat(
                        validator
                                .check(
                                        erasureRequest("r1", "f".repeat(129), null, noonOf(1)),
                                        readAt)
                                .reason())
                .isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(
                        validator
                                .check(
                                        erasureRequest(
                                                "r1",
                                                "fan",
                                                null,
                                                Instant.parse("2009-12-31T00:00:00Z")),
                                        readAt)
                                .reason())
                .isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(
                        validator
                                .check(
                                        erasureRequest(
                                                "r1", "fan", null, noonOf(2).plusSeconds(3_660)),
                                        readAt)
                                .reason())
                .isEqualTo(DeadLetterReason.INVALID_VALUE);
    }
}
