package io.fanscore.jobs;

import io.fanscore.jobs.scoring.PairScoringOperator;
import io.fanscore.jobs.testutils.BoundedReplay;
import io.fanscore.jobs.testutils.InjectedReplay;
import io.fanscore.jobs.testutils.MiniClusterITCaseBase;
import io.fanscore.jobs.testutils.ScenarioWorkload;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.Tier;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Live-start notifications (SPEC §7) through the whole job on a MiniCluster with RocksDB and
 * checkpoints, with injected sources and sinks: the rules, not the broker, are under test here.
 */
class LiveNotificationsITCase extends MiniClusterITCaseBase {

    private int sequence;

    @Test
    void fansAreNotifiedByTheirTierAsOfTheLiveStart() throws Exception {
        Instant t = noonOf(1);
        List<InteractionEvent> events =
                List.of(
                        interaction("c", "follower", InteractionType.FOLLOW, t.minusSeconds(5)),
                        interaction("c", "at-t", InteractionType.FOLLOW, t),
                        interaction("c", "one-ms-late", InteractionType.FOLLOW, t.plusMillis(1)),
                        interaction("c", "liker", InteractionType.LIKE, t.minusSeconds(3)),
                        interaction("c", "quiet", InteractionType.FOLLOW, t.minusSeconds(4)),
                        interaction(
                                "c", "quiet", InteractionType.NOTIFY_OPT_OUT, t.minusSeconds(3)),
                        interaction("c", "back", InteractionType.FOLLOW, t.minusSeconds(4)),
                        interaction("c", "back", InteractionType.NOTIFY_OPT_OUT, t.minusSeconds(3)),
                        interaction("c", "back", InteractionType.NOTIFY_OPT_IN, t.minusSeconds(2)),
                        interaction(
                                "other", "follower", InteractionType.FOLLOW, t.minusSeconds(5)));

        List<LiveNotification> notifications =
                replay("as-of-t", events, List.of(ScoringFixtures.liveStart("live-1", "c", t)))
                        .notifications();

        assertThat(notifications)
                .extracting(
                        LiveNotification::getFanId,
                        LiveNotification::getLiveId,
                        LiveNotification::getTier,
                        LiveNotification::getEventTime)
                .containsExactlyInAnyOrder(
                        tuple("follower", "live-1", Tier.CASUAL, t),
                        tuple("at-t", "live-1", Tier.CASUAL, t),
                        tuple("back", "live-1", Tier.CASUAL, t));
    }

    @Test
    void capsAllowOnePerCreatorAndFivePerFanPerDayInTimeThenLiveIdOrder() throws Exception {
        Instant day1 = noonOf(1);
        List<InteractionEvent> events = new ArrayList<>();
        List<LiveEvent> lives = new ArrayList<>();
        for (int c = 0; c < 7; c++) {
            events.add(interaction("c" + c, "fan", InteractionType.FOLLOW, day1.minusSeconds(60)));
            // Same time for all: the live_id decides who is granted.
            lives.add(ScoringFixtures.liveStart("live-" + (char) ('g' - c), "c" + c, day1));
        }
        lives.add(ScoringFixtures.liveStart("again-same-day", "c0", day1.plusSeconds(60)));
        lives.add(ScoringFixtures.liveStart("next-day", "c0", noonOf(2)));

        List<LiveNotification> notifications = replay("caps", events, lives).notifications();

        assertThat(notifications)
                .extracting(LiveNotification::getLiveId)
                .containsExactlyInAnyOrder(
                        "live-a", "live-b", "live-c", "live-d", "live-e", "next-day");
    }

    @Test
    void capsResetAtTheProfilesMidnightNotUtcMidnight() throws Exception {
        // 23:58 and 00:02 in Asia/Shanghai are the same UTC date but two days of the profile.
        Instant lateDay1 = startOf(2).minusSeconds(120);
        Instant earlyDay2 = startOf(2).plusSeconds(120);
        List<InteractionEvent> events = new ArrayList<>();
        List<LiveEvent> lives = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            events.add(interaction("c" + c, "fan", InteractionType.FOLLOW, noonOf(1)));
        }
        lives.add(ScoringFixtures.liveStart("day1-c0", "c0", lateDay1));
        for (int c = 0; c < 6; c++) {
            // Six creators go live early on day 2: the fan cap of 5 applies again from zero.
            lives.add(ScoringFixtures.liveStart("day2-c" + c, "c" + c, earlyDay2.plusSeconds(c)));
        }
        lives.add(ScoringFixtures.liveStart("day2-again-c0", "c0", earlyDay2.plusSeconds(9)));

        assertThat(replay("midnight", events, lives).notifications())
                .extracting(LiveNotification::getLiveId)
                .containsExactlyInAnyOrder(
                        "day1-c0", "day2-c0", "day2-c1", "day2-c2", "day2-c3", "day2-c4");
    }

    @Test
    void aRepeatedLiveIdNotifiesOnce() throws Exception {
        List<InteractionEvent> events =
                List.of(
                        interaction(
                                "c", "fan", InteractionType.FOLLOW, noonOf(1).minusSeconds(60)));
        List<LiveEvent> lives =
                List.of(
                        ScoringFixtures.liveStart("live-1", "c", noonOf(1)),
                        ScoringFixtures.liveStart("live-1", "c", noonOf(3)));

        assertThat(replay("repeat", events, lives).notifications())
                .extracting(LiveNotification::getEventTime)
                .containsExactly(noonOf(1));
    }

    @Test
    void anotherArrivalOrderGivesTheSameNotifications() throws Exception {
        List<InteractionEvent> events = new ArrayList<>();
        List<LiveEvent> lives = new ArrayList<>();
        Instant t = noonOf(1);
        for (int i = 0; i < 60; i++) {
            Instant time = t.plusMillis(300L * i);
            events.add(
                    interaction(
                            "c" + (i % 3),
                            "f" + (i % 11),
                            i % 4 == 0 ? InteractionType.UNFOLLOW : InteractionType.FOLLOW,
                            time));
            if (i % 10 == 5) {
                lives.add(ScoringFixtures.liveStart("l" + i, "c" + (i % 3), time));
            }
        }
        // Within the 10 s bound: neighbours swapped, live starts (3 s apart) swapped in pairs.
        List<InteractionEvent> shuffled = ScenarioWorkload.reorderWithin(events, 10_000, 3);
        List<LiveEvent> reversed = new ArrayList<>(lives);
        for (int i = 0; i + 1 < reversed.size(); i += 2) {
            Collections.swap(reversed, i, i + 1);
        }

        List<LiveNotification> first = replay("order-1", events, lives).notifications();
        List<LiveNotification> second = replay("order-2", shuffled, reversed).notifications();

        assertThat(first).isNotEmpty();
        assertThat(withoutEmittedAt(second)).isEqualTo(withoutEmittedAt(first));
    }

    @Test
    void aMegaCreatorsFanOutRunsOnMoreThanOneSubtask() throws Exception {
        Instant t = noonOf(1);
        List<InteractionEvent> events = new ArrayList<>();
        for (int fan = 0; fan < 2_000; fan++) {
            events.add(
                    interaction(
                            "mega",
                            "fan-" + fan,
                            InteractionType.FOLLOW,
                            t.minusSeconds(9).plusMillis(fan)));
        }
        BoundedReplay.Outputs outputs =
                replay("mega", events, List.of(ScoringFixtures.liveStart("mega-live", "mega", t)));

        assertThat(outputs.notifications()).hasSize(2_000);
        Map<String, Object> accumulators = outputs.result().getAllAccumulatorResults();
        assertThat(
                        accumulators.entrySet().stream()
                                .filter(
                                        e ->
                                                e.getKey()
                                                        .startsWith(
                                                                PairScoringOperator
                                                                        .ACCUMULATOR_PREFIX))
                                .filter(e -> ((Long) e.getValue()) > 0))
                .hasSizeGreaterThan(1);
    }

    private BoundedReplay.Outputs replay(
            String name, List<InteractionEvent> events, List<LiveEvent> lives) throws Exception {
        return new InjectedReplay(name).produce(events, lives).run(checkpoints);
    }

    private InteractionEvent interaction(
            String creator, String fan, InteractionType type, Instant time) {
        return InteractionEvent.newBuilder()
                .setEventId(creator + "-" + fan + "-" + (sequence++))
                .setCreatorId(creator)
                .setFanId(fan)
                .setType(type)
                .setEventTime(time)
                .build();
    }

    private static List<String> withoutEmittedAt(List<LiveNotification> notifications) {
        return notifications.stream()
                .map(
                        n ->
                                LiveNotification.newBuilder(n)
                                        .setEmittedAt(Instant.EPOCH)
                                        .build()
                                        .toString())
                .sorted(Comparator.naturalOrder())
                .toList();
    }
}
