package io.fanscore.jobs.notify;

import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.Tier;
import io.fanscore.state.PairState;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.fanscore.rules.scoring.ScoringFixtures.event;
import static io.fanscore.rules.scoring.ScoringFixtures.gift;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static org.assertj.core.api.Assertions.assertThat;

class LiveAudienceTest {

    private final FanLedger ledger = new FanLedger(ScoringFixtures.general());
    private final LiveAudience audience =
            new LiveAudience(ledger, ScoringFixtures.general().notifications());

    @Test
    void aFollowerIsACandidateAtItsTierAndLevel() {
        PairState state = apply(null, event(InteractionType.FOLLOW, noonOf(1)));

        LiveAudience.Answer answer = audience.answer("fan", state, start(noonOf(1)));

        assertThat(answer.verdict()).isEqualTo(LiveAudience.Verdict.CANDIDATE);
        assertThat(answer.candidate().getTier()).isEqualTo(Tier.CASUAL);
        assertThat(answer.candidate().getFanId()).isEqualTo("fan");
        assertThat(answer.candidate().getEventTime()).isEqualTo(noonOf(1).toEpochMilli());
    }

    @Test
    void aViewerIsBelowTheTierAndAnOptedOutFollowerIsOptedOut() {
        PairState viewer = apply(null, event(InteractionType.VIDEO_VIEW, noonOf(1)));
        PairState quiet = apply(null, event(InteractionType.FOLLOW, noonOf(1)));
        quiet = apply(quiet, event(InteractionType.NOTIFY_OPT_OUT, noonOf(1).plusSeconds(1)));

        assertThat(audience.answer("v", viewer, start(noonOf(2))).verdict())
                .isEqualTo(LiveAudience.Verdict.BELOW_TIER);
        assertThat(audience.answer("q", quiet, start(noonOf(2))).verdict())
                .isEqualTo(LiveAudience.Verdict.OPTED_OUT);
    }

    @Test
    void aFanWhoDecayedBelowTheTierByTIsNoLongerReached() {
        // 420 points (the daily cap) make a non-follower CASUAL; decay takes that away in about
        // two months, though the state was last written on day 1.
        PairState state = apply(null, gift(5_000, noonOf(1)));

        assertThat(audience.answer("fan", state, start(noonOf(2))).verdict())
                .isEqualTo(LiveAudience.Verdict.CANDIDATE);
        assertThat(audience.answer("fan", state, start(noonOf(80))).verdict())
                .isEqualTo(LiveAudience.Verdict.BELOW_TIER);
    }

    private PairState apply(PairState state, io.fanscore.schema.InteractionEvent event) {
        return ledger.onEvent(state, event, transition -> {}).state();
    }

    private static LiveEvent start(Instant time) {
        return ScoringFixtures.liveStart("L", ScoringFixtures.CREATOR, time);
    }
}
