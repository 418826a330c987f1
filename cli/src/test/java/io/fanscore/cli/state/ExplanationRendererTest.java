package io.fanscore.cli.state;

import io.fanscore.rules.scoring.PairExplanation;
import io.fanscore.rules.scoring.PointRule;
import io.fanscore.schema.Tier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExplanationRendererTest {

    private static final PairExplanation.Explanation CASUAL_FAN =
            new PairExplanation.Explanation(
                    "general",
                    LocalDate.of(2026, 1, 5),
                    Tier.CASUAL,
                    600,
                    3,
                    420,
                    420,
                    true,
                    List.of(
                            new PairExplanation.TypeToday("GIFT", 400, PointRule.NO_CAP, false),
                            new PairExplanation.TypeToday("LIKE", 30, 30, true)),
                    false,
                    List.of(
                            new PairExplanation.IdleStep(
                                    LocalDate.of(2026, 1, 13), "decay starts", 588, Tier.CASUAL),
                            new PairExplanation.IdleStep(
                                    LocalDate.of(2026, 4, 1), "expires", 0, Tier.NONE)),
                    new PairExplanation.NextTier(Tier.FAVORABLE, 1_000, 400, 1));

    @Test
    void theTextSaysWhichCapsBitAndWhatComesNext() {
        String text = ExplanationRenderer.text("c1", "f1", CASUAL_FAN);

        assertThat(text.lines())
                .contains(
                        "standing: CASUAL, intimacy 600, level 3, not following",
                        "today: 420 of the daily cap 420 (reached)",
                        "  LIKE                 30  cap 30 (reached)",
                        "  GIFT                400  no cap",
                        "  2026-01-13 decay starts: intimacy 588, CASUAL",
                        "  2026-04-01 expires",
                        "next tier: FAVORABLE at intimacy 1000: 400 more, 1 day at the daily cap");
    }

    @Test
    void theJsonCarriesTheSameFigures() throws Exception {
        JsonNode json =
                new ObjectMapper().readTree(ExplanationRenderer.json("c1", "f1", CASUAL_FAN));

        assertThat(json.path("today").path("daily_cap_reached").asBoolean()).isTrue();
        assertThat(json.path("today").path("types").get(0).has("cap")).isFalse();
        assertThat(json.path("if_idle")).hasSize(2);
        assertThat(json.path("next_tier").path("days_at_daily_cap").asInt()).isEqualTo(1);
    }
}
