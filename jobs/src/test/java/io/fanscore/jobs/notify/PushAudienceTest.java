package io.fanscore.jobs.notify;

import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.rules.scoring.PushRule;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;
import io.fanscore.state.PairState;

import org.junit.jupiter.api.Test;

import static io.fanscore.rules.scoring.ScoringFixtures.event;
import static io.fanscore.rules.scoring.ScoringFixtures.gift;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static org.assertj.core.api.Assertions.assertThat;

class PushAudienceTest {

    private final FanLedger ledger = new FanLedger(ScoringFixtures.general());
    private final PushRule rule = PushRule.DEFAULTS;
    private final CreatorPush push = ScoringFixtures.push("p", ScoringFixtures.CREATOR, noonOf(2));

    @Test
    void aFollowerWithNotifyOnIsACandidateAtItsStandingAsOfThePush() {
        PairState follower = apply(null, event(InteractionType.FOLLOW, noonOf(1)));

        PushAudience.Answer answer = answer(follower);

        assertThat(answer.verdict()).isEqualTo(PushAudience.Verdict.CANDIDATE);
        assertThat(answer.candidate().getPushId()).isEqualTo("p");
        assertThat(answer.candidate().getTier()).isEqualTo(Tier.CASUAL);
        assertThat(answer.candidate().getEventTime()).isEqualTo(noonOf(2).toEpochMilli());
    }

    @Test
    void aCasualFanWhoDoesNotFollowIsNotReached() {
        // 420 points: CASUAL by intimacy alone, yet a push goes to followers only.
        PairState fan = apply(null, gift(5_000, noonOf(1)));
        assertThat(ledger.standingAt(fan, noonOf(2).toEpochMilli()).tier()).isEqualTo(Tier.CASUAL);

        assertThat(answer(fan).verdict()).isEqualTo(PushAudience.Verdict.NOT_REACHED);
        PairState unfollowed =
                apply(
                        apply(null, event(InteractionType.FOLLOW, noonOf(1))),
                        event(InteractionType.UNFOLLOW, noonOf(1).plusSeconds(60)));
        assertThat(answer(unfollowed).verdict()).isEqualTo(PushAudience.Verdict.NOT_REACHED);
    }

    @Test
    void thePushsMinTierOverridesTheProfilesEitherWay() {
        PairState follower = apply(null, event(InteractionType.FOLLOW, noonOf(1))); // CASUAL
        push.setMinTier(Tier.FAVORABLE);
        assertThat(answer(follower).verdict()).isEqualTo(PushAudience.Verdict.NOT_REACHED);

        PushRule favorableByDefault = new PushRule(Tier.FAVORABLE, 1, 8, 3, 1_000);
        push.setMinTier(null);
        assertThat(answer(follower, favorableByDefault).verdict())
                .isEqualTo(PushAudience.Verdict.NOT_REACHED);
        push.setMinTier(Tier.POTENTIAL);
        assertThat(answer(follower, favorableByDefault).verdict())
                .isEqualTo(PushAudience.Verdict.CANDIDATE);
    }

    @Test
    void anOptedOutFollowerIsToldApartFromOneNotReached() {
        PairState quiet =
                apply(
                        apply(null, event(InteractionType.FOLLOW, noonOf(1))),
                        event(InteractionType.NOTIFY_OPT_OUT, noonOf(1).plusSeconds(2)));
        assertThat(answer(quiet).verdict()).isEqualTo(PushAudience.Verdict.OPTED_OUT);
    }

    private PushAudience.Answer answer(PairState state) {
        return answer(state, rule);
    }

    private PushAudience.Answer answer(PairState state, PushRule rule) {
        long time = push.getEventTime().toEpochMilli();
        return PushAudience.answer("fan", state, push, ledger.standingAt(state, time), rule);
    }

    private PairState apply(PairState state, InteractionEvent event) {
        return ledger.onEvent(state, event, transition -> {}).state();
    }
}
