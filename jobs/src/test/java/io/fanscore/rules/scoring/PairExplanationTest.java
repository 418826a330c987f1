package io.fanscore.rules.scoring;

import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static io.fanscore.rules.scoring.ScoringFixtures.event;
import static io.fanscore.rules.scoring.ScoringFixtures.general;
import static io.fanscore.rules.scoring.ScoringFixtures.gift;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Each explanation is checked against what the ledger then does, not against a copied rule. */
class PairExplanationTest {

    private final PairHistory pair = new PairHistory(general());

    @Test
    void todaysPointsNameTheCapsThatBit() {
        for (int i = 0; i < 35; i++) {
            pair.feed(event(InteractionType.LIKE, noonOf(1)));
        }
        pair.feed(event(InteractionType.COMMENT, noonOf(1)));

        PairExplanation.Explanation explained = PairExplanation.explain(pair.state, general());

        assertThat(explained.pointsToday()).isEqualTo(32);
        assertThat(explained.dailyCap()).isEqualTo(420);
        assertThat(explained.dailyCapReached()).isFalse();
        assertThat(explained.typesToday())
                .containsExactly(
                        new PairExplanation.TypeToday("COMMENT", 2, 40, false),
                        new PairExplanation.TypeToday("LIKE", 30, 30, true));
    }

    @Test
    void theDaysAtTheDailyCapToTheNextTierAreTheDaysTheLedgerTakes() {
        pair.feed(gift(5_000, noonOf(1)), gift(5_000, noonOf(2)), gift(5_000, noonOf(3)));
        pair.feed(gift(1_000, noonOf(4)));
        assertThat(pair.state.getTier()).isEqualTo(Tier.FAVORABLE);

        PairExplanation.NextTier next = PairExplanation.explain(pair.state, general()).nextTier();

        assertThat(next.tier()).isEqualTo(Tier.DEVOTED);
        assertThat(next.pointsNeeded()).isEqualTo(13_000 - pair.intimacy());
        // Day 4 still has room under its cap, so it counts as the first day.
        int lastDay = 4 + next.daysAtDailyCap() - 1;
        pair.feed(gift(5_000, noonOf(4)));
        for (int day = 5; day < lastDay; day++) {
            pair.feed(gift(50_000, noonOf(day)));
        }
        assertThat(pair.state.getTier()).isEqualTo(Tier.FAVORABLE);
        pair.feed(gift(50_000, noonOf(lastDay)));
        assertThat(pair.state.getTier()).isEqualTo(Tier.DEVOTED);
    }

    @Test
    void theIdleOutlookIsWhatTheDayStartsThenDo() {
        pair.feed(event(InteractionType.SHARE, noonOf(1)), gift(5_000, noonOf(1)));
        assertThat(pair.state.getTier()).isEqualTo(Tier.CASUAL);

        List<PairExplanation.IdleStep> outlook =
                PairExplanation.explain(pair.state, general()).ifIdle();

        PairExplanation.IdleStep decay = outlook.get(0);
        assertThat(decay.what()).isEqualTo("decay starts");
        PairExplanation.IdleStep tierChange = outlook.get(1);
        assertThat(tierChange.what()).isEqualTo("tier change");
        assertThat(tierChange.tier()).isEqualTo(Tier.POTENTIAL);
        assertThat(outlook.get(outlook.size() - 1).what()).isEqualTo("expires");

        pair.idleUntil(startOf(dayNumber(decay.day())).plusSeconds(1));
        assertThat(pair.intimacy()).isEqualTo(decay.intimacy());
        pair.idleUntil(startOf(dayNumber(tierChange.day()) - 1).plusSeconds(1));
        assertThat(pair.state.getTier()).isEqualTo(Tier.CASUAL);
        pair.idleUntil(startOf(dayNumber(tierChange.day())).plusSeconds(1));
        assertThat(pair.state.getTier()).isEqualTo(Tier.POTENTIAL);
        assertThat(pair.intimacy()).isEqualTo(tierChange.intimacy());
    }

    /** The fixtures' day number (day 1 is the first) of a calendar day. */
    private static int dayNumber(LocalDate day) {
        LocalDate dayOne = LocalDate.ofInstant(noonOf(1), ScoringFixtures.ZONE);
        return (int) (day.toEpochDay() - dayOne.toEpochDay()) + 1;
    }
}
