package io.fanscore.cli.demo;

import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WorkloadGeneratorTest {

    private static final int EVENTS = 200_000;

    private static List<WorkloadGenerator.Tick> ticks(long seed, int count, int liveEvery) {
        WorkloadGenerator generator =
                new WorkloadGenerator(
                        WorkloadGenerator.settings(seed, 200, 50_000, 2_000, 3_600, liveEvery, 4));
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
        // 20,000 events at 2,000/s are 10 s of real time: 10 simulated hours at 3600x.
        assertThat(span).isCloseTo(10 * 3_600_000L, within(10_000L));
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
