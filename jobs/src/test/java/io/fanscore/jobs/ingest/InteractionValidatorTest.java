package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.fanscore.rules.scoring.ScoringFixtures.event;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static org.assertj.core.api.Assertions.assertThat;

class InteractionValidatorTest {

    private final InteractionValidator validator = new InteractionValidator(InputLimits.defaults());

    @Test
    void aCompleteEventIsValid() {
        assertThat(validator.check(event(InteractionType.LIKE, noonOf(1)))).isNull();
    }

    @Test
    void nullOrEmptyIdsTypeOrTimeAreMissingFields() {
        assertThat(reasonOf(e -> e.setEventId(""))).isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(reasonOf(e -> e.setCreatorId(null))).isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(reasonOf(e -> e.setFanId(""))).isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(reasonOf(e -> e.setType(null))).isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(reasonOf(e -> e.setEventTime(null))).isEqualTo(DeadLetterReason.MISSING_FIELD);
    }

    @Test
    void anUnknownTypeIsUnknownType() {
        assertThat(reasonOf(e -> e.setType(InteractionType.UNKNOWN)))
                .isEqualTo(DeadLetterReason.UNKNOWN_TYPE);
    }

    @Test
    void absurdValuesAreInvalid() {
        assertThat(reasonOf(e -> e.setWatchSeconds(-1))).isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(reasonOf(e -> e.setWatchSeconds(86_401)))
                .isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(reasonOf(e -> e.setWatchSeconds(86_400))).isNull();
        assertThat(reasonOf(e -> e.setAmountCents(-5L))).isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(reasonOf(e -> e.setAmountCents(10_000_000_001L)))
                .isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(reasonOf(e -> e.setFanId("f".repeat(129))))
                .isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(reasonOf(e -> e.setFanId("f".repeat(128)))).isNull();
        assertThat(reasonOf(e -> e.setEventTime(Instant.parse("2009-12-31T23:59:59.999Z"))))
                .isEqualTo(DeadLetterReason.INVALID_VALUE);
    }

    private DeadLetterReason reasonOf(java.util.function.Consumer<InteractionEvent> spoil) {
        InteractionEvent event = event(InteractionType.LIKE, noonOf(1));
        spoil.accept(event);
        Rejection rejection = validator.check(event);
        return rejection == null ? null : rejection.reason();
    }
}
