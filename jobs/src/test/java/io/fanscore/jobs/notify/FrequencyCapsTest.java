package io.fanscore.jobs.notify;

import io.fanscore.jobs.notify.FrequencyCaps.Verdict;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.state.NotifyCaps;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static org.assertj.core.api.Assertions.assertThat;

class FrequencyCapsTest {

    /** Two per creator, three in all, per day. */
    private final FrequencyCaps caps = new FrequencyCaps(2, 3, ScoringFixtures.general().clock());

    @Test
    void theCreatorCapBitesBeforeTheFanCap() {
        NotifyCaps tally = null;
        tally = sent(tally, "a", noonOf(1));
        tally = sent(tally, "a", noonOf(1, Duration.ofMinutes(1)));
        assertThat(
                        caps.decide(tally, "a", noonOf(1, Duration.ofMinutes(2)).toEpochMilli())
                                .verdict())
                .isEqualTo(Verdict.CAP_PAIR);
        tally = sent(tally, "b", noonOf(1, Duration.ofMinutes(3)));
        assertThat(
                        caps.decide(tally, "c", noonOf(1, Duration.ofMinutes(4)).toEpochMilli())
                                .verdict())
                .isEqualTo(Verdict.CAP_FAN);
    }

    @Test
    void aNewDayStartsANewTallyAndSaysSo() {
        NotifyCaps yesterday =
                sent(sent(sent(null, "a", noonOf(1)), "a", noonOf(1)), "b", noonOf(1));
        FrequencyCaps.Decision today = caps.decide(yesterday, "a", noonOf(2).toEpochMilli());
        assertThat(today.verdict()).isEqualTo(Verdict.SENT);
        assertThat(today.newDay()).isTrue();
        assertThat(today.tally().getCreators()).containsExactly("a");
        assertThat(FrequencyCaps.before(yesterday, today.tally().getDay())).isTrue();
        assertThat(FrequencyCaps.before(today.tally(), today.tally().getDay())).isFalse();
    }

    private NotifyCaps sent(NotifyCaps tally, String creator, Instant at) {
        FrequencyCaps.Decision decision = caps.decide(tally, creator, at.toEpochMilli());
        assertThat(decision.verdict()).isEqualTo(Verdict.SENT);
        assertThat(decision.newDay()).isEqualTo(tally == null);
        return decision.tally();
    }
}
