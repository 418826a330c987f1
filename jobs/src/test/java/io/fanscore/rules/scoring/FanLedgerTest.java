package io.fanscore.rules.scoring;

import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;
import io.fanscore.state.PairState;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.fanscore.rules.scoring.ScoringFixtures.event;
import static io.fanscore.rules.scoring.ScoringFixtures.general;
import static io.fanscore.rules.scoring.ScoringFixtures.gift;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.startOf;
import static io.fanscore.rules.scoring.ScoringFixtures.watch;
import static org.assertj.core.api.Assertions.assertThat;

class FanLedgerTest {

    private final PairHistory pair = new PairHistory(general());

    @Test
    void aNewPairHoldsTheSchemaDefaultsWhereTheLedgerSetsNothingElse() {
        long time = noonOf(1).toEpochMilli();
        PairState opened = new FanLedger(general()).open(time);
        // Every field through the builder, which applies the schema's defaults: a field added
        // to the schema later with a default the ledger does not set fails here.
        PairState fromSchema =
                PairState.newBuilder()
                        .setDay(opened.getDay())
                        .setDayStartLevel(opened.getDayStartLevel())
                        .setLastInteractionDay(opened.getLastInteractionDay())
                        .build();
        assertThat(opened).isEqualTo(fromSchema);
    }

    @Test
    void dailyGiftsOf420ReachDevotedOnDay31AndNotBefore() {
        for (int day = 1; day <= 30; day++) {
            pair.feed(gift(5_000, noonOf(day)));
        }
        assertThat(pair.intimacy()).isEqualTo(12_600);
        assertThat(pair.level()).isEqualTo(8);
        assertThat(pair.state.getTier()).isEqualTo(Tier.FAVORABLE);

        InteractionEvent day31 = gift(5_000, noonOf(31));
        pair.feed(day31);
        assertThat(pair.intimacy()).isEqualTo(13_020);
        assertThat(pair.level()).isEqualTo(9);
        assertThat(pair.lastTransition())
                .isEqualTo(
                        new TierTransition(
                                Tier.FAVORABLE,
                                Tier.DEVOTED,
                                13_020,
                                9,
                                noonOf(31).toEpochMilli(),
                                day31.getEventId()));

        // Level 9 at the start of day 32: the daily cap is now 840.
        pair.feed(gift(100_000, noonOf(32)));
        assertThat(pair.intimacy()).isEqualTo(13_020 + 840);
    }

    @Test
    void reachingLevel9MidDayKeepsThatDaysCapAt420() {
        for (int day = 1; day <= 30; day++) {
            pair.feed(gift(4_200, noonOf(day)));
        }
        pair.feed(gift(4_200, noonOf(31)), gift(4_200, noonOf(31, Duration.ofMinutes(1))));
        assertThat(pair.intimacy()).isEqualTo(13_020);
    }

    @Test
    void tierPathOfADailyGifterIsCasualFavorableDevoted() {
        for (int day = 1; day <= 31; day++) {
            pair.feed(gift(4_200, noonOf(day)));
        }
        assertThat(pair.transitions)
                .extracting(TierTransition::from, TierTransition::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Tier.NONE, Tier.CASUAL),
                        org.assertj.core.groups.Tuple.tuple(Tier.CASUAL, Tier.FAVORABLE),
                        org.assertj.core.groups.Tuple.tuple(Tier.FAVORABLE, Tier.DEVOTED));
    }

    @Test
    void fortyLikesInADayGiveThirtyPoints() {
        for (int i = 0; i < 40; i++) {
            pair.feed(event(InteractionType.LIKE, noonOf(1, Duration.ofSeconds(i))));
        }
        assertThat(pair.intimacy()).isEqualTo(30);
    }

    @Test
    void fourSharesAndTenLikesGiveEightyPlusTen() {
        for (int i = 0; i < 4; i++) {
            pair.feed(event(InteractionType.SHARE, noonOf(1, Duration.ofSeconds(i))));
        }
        assertThat(pair.intimacy()).isEqualTo(80);
        for (int i = 0; i < 10; i++) {
            pair.feed(event(InteractionType.LIKE, noonOf(1, Duration.ofMinutes(1 + i))));
        }
        assertThat(pair.intimacy()).isEqualTo(90);
    }

    @Test
    void perTypeCapsResetAtTheProfilesMidnightNotUtcMidnight() {
        for (int i = 0; i < 30; i++) {
            pair.feed(event(InteractionType.LIKE, noonOf(1, Duration.ofSeconds(i))));
        }
        // 23:59 Shanghai on day 1 is still day 1: no more likes count.
        pair.feed(event(InteractionType.LIKE, startOf(2).minusSeconds(60)));
        assertThat(pair.intimacy()).isEqualTo(30);
        pair.feed(event(InteractionType.LIKE, startOf(2)));
        assertThat(pair.intimacy()).isEqualTo(31);
    }

    @Test
    void watchLiveEarnsTwoPerFullMinuteUpToSixty() {
        pair.feed(watch(59, noonOf(1)), watch(150, noonOf(1, Duration.ofMinutes(5))));
        assertThat(pair.intimacy()).isEqualTo(4);
        pair.feed(watch(3_600, noonOf(1, Duration.ofHours(2))));
        assertThat(pair.intimacy()).isEqualTo(60);
    }

    @Test
    void firstFollowGivesOneHundredAndAReFollowGivesNothing() {
        pair.feed(event(InteractionType.FOLLOW, noonOf(1)));
        assertThat(pair.intimacy()).isEqualTo(100);
        assertThat(pair.state.getFollowing()).isTrue();
        assertThat(pair.state.getTier()).isEqualTo(Tier.CASUAL);

        pair.feed(event(InteractionType.UNFOLLOW, noonOf(2)));
        assertThat(pair.state.getFollowing()).isFalse();
        assertThat(pair.state.getTier()).isEqualTo(Tier.POTENTIAL);

        pair.feed(event(InteractionType.FOLLOW, noonOf(3)));
        assertThat(pair.intimacy()).isEqualTo(100);
        assertThat(pair.state.getFollowing()).isTrue();
        assertThat(pair.state.getFollowedSince()).isEqualTo(noonOf(3).toEpochMilli());
    }

    @Test
    void aFollowWhileFollowingKeepsWhenTheFollowBegan() {
        pair.feed(event(InteractionType.FOLLOW, noonOf(1)));
        pair.feed(event(InteractionType.FOLLOW, noonOf(4)));
        assertThat(pair.state.getFollowing()).isTrue();
        assertThat(pair.state.getFollowedSince()).isEqualTo(noonOf(1).toEpochMilli());
    }

    @Test
    void firstFollowIsLimitedByWhatIsLeftOfTheDailyCap() {
        pair.feed(
                gift(4_000, noonOf(1)),
                event(InteractionType.FOLLOW, noonOf(1, Duration.ofMinutes(1))));
        assertThat(pair.intimacy()).isEqualTo(420);
    }

    @Test
    void joinGroupRewardsOnlyOnce() {
        pair.feed(
                event(InteractionType.JOIN_GROUP, noonOf(1)),
                event(InteractionType.JOIN_GROUP, noonOf(2)));
        assertThat(pair.intimacy()).isEqualTo(20);
        assertThat(pair.state.getInGroup()).isTrue();
    }

    @Test
    void decayStartsOnTheEighthIdleDayAtTwoPercentRoundedUp() {
        pair.feed(gift(4_200, noonOf(1)));
        assertThat(pair.intimacy()).isEqualTo(420);

        pair.idleUntil(noonOf(8));
        assertThat(pair.intimacy()).isEqualTo(420);
        pair.idleUntil(startOf(9));
        assertThat(pair.intimacy()).isEqualTo(411);
        pair.idleUntil(startOf(10));
        assertThat(pair.intimacy()).isEqualTo(402);

        // Day 21 is the 20th idle day: decayed 13 times, then the like adds 1.
        pair.feed(event(InteractionType.LIKE, noonOf(21)));
        assertThat(pair.intimacy()).isEqualTo(317 + 1);
    }

    @Test
    void zeroPointEventsAreNotActiveDays() {
        pair.feed(gift(4_200, noonOf(1)));
        pair.feed(event(InteractionType.VIDEO_VIEW, noonOf(5)), watch(30, noonOf(6)));
        pair.idleUntil(startOf(9));
        assertThat(pair.intimacy()).isEqualTo(411);
    }

    @Test
    void devotedHoldsDownToNinetyPercentAndDecaysOutBelowIt() {
        for (int day = 1; day <= 31; day++) {
            pair.feed(gift(4_200, noonOf(day)));
        }
        pair.state.setIntimacy(13_000);
        int firstDecayDay = 31 + 8;
        pair.idleUntil(startOf(firstDecayDay + 4));
        assertThat(pair.intimacy()).isEqualTo(11_750);
        assertThat(pair.state.getTier()).isEqualTo(Tier.DEVOTED);

        pair.idleUntil(startOf(firstDecayDay + 5));
        assertThat(pair.intimacy()).isEqualTo(11_515);
        assertThat(pair.lastTransition())
                .isEqualTo(
                        new TierTransition(
                                Tier.DEVOTED,
                                Tier.FAVORABLE,
                                11_515,
                                8,
                                startOf(firstDecayDay + 5).toEpochMilli(),
                                TierTransition.DECAY));
    }

    @Test
    void aViewerIdleForThirtyOneDaysExpiresWithAChangeToNone() {
        pair.feed(event(InteractionType.VIDEO_VIEW, noonOf(1)));
        assertThat(pair.lastTransition().to()).isEqualTo(Tier.POTENTIAL);

        pair.idleUntil(noonOf(31));
        assertThat(pair.state).isNotNull();

        pair.idleUntil(startOf(32));
        assertThat(pair.state).isNull();
        assertThat(pair.lastTransition())
                .isEqualTo(
                        new TierTransition(
                                Tier.POTENTIAL,
                                Tier.NONE,
                                0,
                                0,
                                startOf(32).toEpochMilli(),
                                TierTransition.EXPIRY));
    }

    @Test
    void followersAndFanClubMembersNeverExpire() {
        pair.feed(event(InteractionType.JOIN_FAN_CLUB, noonOf(1)));
        pair.idleUntil(startOf(400));
        assertThat(pair.state).isNotNull();
        assertThat(pair.state.getTier()).isEqualTo(Tier.POTENTIAL);
    }

    @Test
    void anExpiredPairStartsAfreshWithItsFirstFollowRewardedAgain() {
        pair.feed(
                event(InteractionType.FOLLOW, noonOf(1)),
                event(InteractionType.UNFOLLOW, noonOf(1, Duration.ofMinutes(1))));
        pair.idleUntil(startOf(200));
        assertThat(pair.state).isNull();

        pair.feed(event(InteractionType.FOLLOW, noonOf(201)));
        assertThat(pair.intimacy()).isEqualTo(100);
        assertThat(pair.lastTransition().from()).isEqualTo(Tier.NONE);
    }

    @Test
    void theSameEventIdTwiceChangesNothingTheSecondTime() {
        InteractionEvent share = event("share-1", InteractionType.SHARE, noonOf(1));
        pair.feed(share);
        var before = pair.state.toString();
        pair.feed(event("share-1", InteractionType.SHARE, noonOf(1, Duration.ofHours(11))));
        assertThat(pair.outcomes)
                .containsExactly(FanLedger.Outcome.APPLIED, FanLedger.Outcome.DUPLICATE);
        assertThat(pair.state.toString()).isEqualTo(before);
        assertThat(pair.intimacy()).isEqualTo(20);
    }

    @Test
    void anEventIdSeenAgainTwentyFourHoursLaterIsANewEvent() {
        pair.feed(event("share-1", InteractionType.SHARE, noonOf(1)));
        pair.feed(event("share-1", InteractionType.SHARE, noonOf(2)));
        assertThat(pair.outcomes)
                .containsExactly(FanLedger.Outcome.APPLIED, FanLedger.Outcome.APPLIED);
        assertThat(pair.intimacy()).isEqualTo(40);
    }

    @Test
    void flagsFollowTheirEvents() {
        pair.feed(
                event(InteractionType.NOTIFY_OPT_OUT, noonOf(1)),
                event(InteractionType.JOIN_FAN_CLUB, noonOf(1, Duration.ofMinutes(1))),
                event(InteractionType.PURCHASE, noonOf(1, Duration.ofMinutes(2))));
        assertThat(pair.state.getNotify()).isFalse();
        assertThat(pair.state.getFanClub()).isTrue();
        assertThat(pair.state.getPurchases()).isEqualTo(1);
        pair.feed(
                event(InteractionType.NOTIFY_OPT_IN, noonOf(2)),
                event(InteractionType.LEAVE_FAN_CLUB, noonOf(2, Duration.ofMinutes(1))));
        assertThat(pair.state.getNotify()).isTrue();
        assertThat(pair.state.getFanClub()).isFalse();
    }

    @Test
    void nextVisibleDayStartPointsAtTheDayTheTierDropsOrThePairExpires() {
        pair.feed(event(InteractionType.VIDEO_VIEW, noonOf(1)));
        assertThat(pair.ledger.nextVisibleDayStart(pair.state, 1000))
                .hasValue(pair.state.getDay() + 31);

        PairHistory follower = new PairHistory(general());
        follower.feed(event(InteractionType.FOLLOW, noonOf(1)));
        // 100 points decay to 0 but a follower stays CASUAL and never expires.
        assertThat(follower.ledger.nextVisibleDayStart(follower.state, 1000)).isEmpty();
    }

    @Test
    void nextStandingChangeFindsTheDayALevelIsLostWithoutATierChange() {
        pair.feed(gift(1_500, noonOf(1))); // 150 points: level 2, CASUAL
        PairState entry = pair.state;
        int day1 = pair.state.getDay();
        // 2 % a day from day 9: 147, 144, 141, then 138 (level 1) on day 12; CASUAL holds (126).
        assertThat(pair.ledger.nextStandingChange(entry, day1, 1000)).hasValue(day1 + 11);
        // Asked from day 12 on, the next change is the next level lost, not day 12 again.
        int next = pair.ledger.nextStandingChange(entry, day1 + 11, 1000).orElseThrow();
        assertThat(next).isGreaterThan(day1 + 11);
        assertThat(
                        pair.ledger
                                .standingAt(entry, ScoringFixtures.startOf(12).toEpochMilli())
                                .level())
                .isEqualTo(1);
        assertThat(
                        pair.ledger
                                .standingAt(entry, ScoringFixtures.startOf(12).toEpochMilli() - 1)
                                .level())
                .isEqualTo(2);
    }
}
