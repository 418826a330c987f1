package io.fanscore.cli.demo;

import io.fanscore.rules.scoring.ProfileLoader;
import io.fanscore.rules.scoring.TierTransition;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.Tier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WorkloadGeneratorTest {

    private static final int EVENTS = 200_000;

    /** The wall clock when a run begins. */
    private static final long NOW = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();

    private static final Duration DAYS = Duration.ofDays(45);

    /** The default demo: two minutes at 2,000 events/s. */
    private static final int LAPSE_TICKS = 240_000;

    private static WorkloadGenerator generator(long seed, int liveEvery, LongSupplier wallClock) {
        return new WorkloadGenerator(
                WorkloadGenerator.timeLapse(
                        seed, 200, 50_000, DAYS, LAPSE_TICKS, liveEvery, 4, NOW),
                wallClock);
    }

    private static List<WorkloadGenerator.Tick> ticks(long seed, int count, int liveEvery) {
        WorkloadGenerator generator = generator(seed, liveEvery, () -> NOW);
        List<WorkloadGenerator.Tick> ticks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ticks.add(generator.next());
        }
        return ticks;
    }

    private static List<InteractionEvent> generate(long seed, int count) {
        return ticks(seed, count, 200).stream().map(WorkloadGenerator.Tick::interaction).toList();
    }

    @Test
    void theSameSeedSendsTheSameEvents() {
        assertThat(ticks(42, 2_000, 200)).isEqualTo(ticks(42, 2_000, 200));
        assertThat(ticks(43, 2_000, 200)).isNotEqualTo(ticks(42, 2_000, 200));
    }

    @Test
    void interactionsDoNotDependOnHowOftenCreatorsGoLive() {
        List<WorkloadGenerator.Tick> withoutLives = ticks(42, 2_000, 0);

        assertThat(withoutLives).allMatch(tick -> tick.liveEvents().isEmpty());
        assertThat(withoutLives.stream().map(WorkloadGenerator.Tick::interaction).toList())
                .isEqualTo(generate(42, 2_000));
    }

    @Test
    void liveEventsCarryTheTimeOfTheirTick() {
        long last = Long.MIN_VALUE;
        for (WorkloadGenerator.Tick tick : ticks(42, 20_000, 50)) {
            long interactionTime = tick.interaction().getEventTime().toEpochMilli();
            for (LiveEvent live : tick.liveEvents()) {
                long time = live.getEventTime().toEpochMilli();
                // The interaction is the tick's time less its jitter.
                assertThat(time - interactionTime)
                        .isBetween(0L, WorkloadGenerator.MAX_JITTER.toMillis());
                assertThat(time).isGreaterThanOrEqualTo(last);
                last = time;
            }
        }
        assertThat(last).isGreaterThan(Long.MIN_VALUE);
    }

    @Test
    void aFewCreatorsGetMostInteractions() {
        Map<String, Integer> perCreator = new HashMap<>();
        for (InteractionEvent event : generate(42, EVENTS)) {
            perCreator.merge(event.getCreatorId(), 1, Integer::sum);
        }
        List<Integer> counts = perCreator.values().stream().sorted((a, b) -> b - a).toList();
        int topTen = counts.subList(0, 10).stream().mapToInt(Integer::intValue).sum();
        int median = counts.get(counts.size() / 2);

        // Zipf(1.1) over 200 creators: the top 5% take about half of all interactions.
        assertThat(topTen).isGreaterThan(EVENTS * 4 / 10);
        assertThat(counts.get(0)).isGreaterThan(20 * median);
        assertThat(perCreator.get("creator-1")).isEqualTo(counts.get(0));
    }

    @Test
    void fanActivityIsHeavyTailed() {
        Map<String, Integer> perFan = new HashMap<>();
        for (InteractionEvent event : generate(42, EVENTS)) {
            perFan.merge(event.getFanId(), 1, Integer::sum);
        }
        assertThat(perFan.get("fan-1")).isGreaterThan(EVENTS / 50);
        assertThat(perFan.values().stream().filter(c -> c == 1).count())
                .as("most fans show up rarely")
                .isGreaterThan(perFan.size() / 4);
    }

    @Test
    void aboutOneInAThousandRecordsIsInvalid() {
        long bad = generate(42, EVENTS).stream().filter(e -> e.getFanId().isEmpty()).count();

        assertThat((double) bad / EVENTS).isCloseTo(0.001, within(0.0004));
    }

    @Test
    void viewsAndLikesAreCommonAndPurchasesRare() {
        Map<InteractionType, Integer> perType = new EnumMap<>(InteractionType.class);
        for (InteractionEvent event : generate(42, EVENTS)) {
            perType.merge(event.getType(), 1, Integer::sum);
        }
        assertThat(perType.get(InteractionType.VIDEO_VIEW)).isGreaterThan(EVENTS / 4);
        assertThat(perType.get(InteractionType.LIKE)).isGreaterThan(EVENTS / 5);
        assertThat(perType.get(InteractionType.PURCHASE))
                .isPositive()
                .isLessThan(perType.get(InteractionType.FOLLOW) / 3);
        assertThat(perType).doesNotContainKey(InteractionType.UNKNOWN);
    }

    @Test
    void valuesComeWithTheTypesThatNeedThem() {
        for (InteractionEvent event : generate(42, 20_000)) {
            assertThat(event.getWatchSeconds() != null)
                    .isEqualTo(event.getType() == InteractionType.WATCH_LIVE);
            boolean hasAmount =
                    event.getType() == InteractionType.GIFT
                            || event.getType() == InteractionType.PURCHASE;
            assertThat(event.getAmountCents() != null).isEqualTo(hasAmount);
            if (hasAmount) {
                assertThat(event.getAmountCents()).isPositive();
            }
        }
    }

    @Test
    void simulatedTimeRunsFastWithLittleDisorder() {
        List<InteractionEvent> events = generate(42, 20_000);
        long maxSoFar = events.get(0).getEventTime().toEpochMilli();
        for (InteractionEvent event : events) {
            long time = event.getEventTime().toEpochMilli();
            assertThat(time).isGreaterThan(maxSoFar - WorkloadGenerator.MAX_JITTER.toMillis());
            maxSoFar = Math.max(maxSoFar, time);
        }
        long span =
                events.get(events.size() - 1).getEventTime().toEpochMilli()
                        - events.get(0).getEventTime().toEpochMilli();
        // 20,000 of the 240,000 ticks that pass 45 days: 3.75 simulated days.
        assertThat(span).isCloseTo(DAYS.toMillis() / 12, within(60_000L));
    }

    @Test
    void theTimeLapseRunsFromDaysAgoToNowAndThenWithTheWallClockNeverAhead() {
        long[] wall = {NOW};
        WorkloadGenerator generator = generator(42, 200, () -> wall[0]);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < LAPSE_TICKS + 10_000; i++) {
            // The sender paces 2,000 ticks a second.
            wall[0] = NOW + i / 2;
            WorkloadGenerator.Tick tick = generator.next();
            for (InteractionEvent event : tick.interactions()) {
                long time = event.getEventTime().toEpochMilli();
                assertThat(time).isLessThanOrEqualTo(wall[0]);
                first = Math.min(first, time);
                last = Math.max(last, time);
            }
            for (LiveEvent live : tick.liveEvents()) {
                assertThat(live.getEventTime().toEpochMilli()).isLessThanOrEqualTo(wall[0]);
            }
        }
        assertThat(first).isCloseTo(NOW - DAYS.toMillis(), within(10_000L));
        // After the time-lapse, real time: the last tick is the wall clock of its sending.
        assertThat(last)
                .isCloseTo(wall[0], within(WorkloadGenerator.MAX_JITTER.toMillis()))
                .isLessThanOrEqualTo(wall[0]);
    }

    @Test
    void underTheScoringRulesTheTimeLapseShowsEveryTierDecayAndExpiry() {
        ScoringReplay replay = new ScoringReplay(ProfileLoader.builtIn("general"));
        for (WorkloadGenerator.Tick tick : ticks(42, LAPSE_TICKS, 200)) {
            tick.interactions().stream()
                    .filter(event -> !event.getFanId().isEmpty())
                    .forEach(replay::add);
        }
        replay.runUntil(NOW);

        assertThat(replay.tiersNow())
                .containsKeys(Tier.POTENTIAL, Tier.CASUAL, Tier.FAVORABLE, Tier.DEVOTED);
        // Every loyal fan did the daily cap for 31 days or more.
        assertThat(replay.fansNowIn(Tier.DEVOTED))
                .containsAll(
                        IntStream.rangeClosed(1, 50_000 / WorkloadGenerator.FANS_PER_LOYAL)
                                .mapToObj(FanRoutines::loyalId)
                                .toList());
        assertThat(replay.changes(TierTransition.DECAY))
                .anyMatch(
                        change ->
                                change.from() == Tier.FAVORABLE
                                        && change.to() == Tier.CASUAL
                                        && change.fanId().startsWith("fan-lapsing-"))
                .anyMatch(change -> change.from() == Tier.CASUAL && change.to() == Tier.POTENTIAL);
        // One-off visitors of the first two weeks are gone.
        assertThat(replay.changes(TierTransition.EXPIRY)).hasSizeGreaterThan(100);
    }

    @Test
    void zipfRanksStayInRange() {
        ZipfSampler sampler = new ZipfSampler(10, 1.1);

        assertThat(sampler.rankAt(0.0)).isEqualTo(1);
        assertThat(sampler.rankAt(0.999_999)).isEqualTo(10);
        assertThat(IntStream.range(0, 1000).map(i -> sampler.rankAt(i / 1000.0)))
                .allMatch(rank -> rank >= 1 && rank <= 10);
    }
}
