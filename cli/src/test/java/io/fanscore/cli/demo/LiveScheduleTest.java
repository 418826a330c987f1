package io.fanscore.cli.demo;

import io.fanscore.cli.kafka.KeyPartitions;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LiveScheduleTest {

    private static final int TICKS = 200_000;
    private static final int LIVE_EVERY = 200;
    private static final int PARTITIONS = 4;

    /** The demo's defaults: 2,000 interactions/s on a clock at 3600x real time. */
    private static final long MILLIS_PER_TICK = 1_800;

    private static List<LiveEvent> schedule(long seed, int creators, int liveEvery) {
        LiveSchedule lives =
                new LiveSchedule(seed, new SplittableRandom(seed), creators, PARTITIONS, liveEvery);
        List<LiveEvent> events = new ArrayList<>();
        for (long tick = 0; tick < TICKS; tick++) {
            events.addAll(lives.advanceTo(tick * MILLIS_PER_TICK));
        }
        return events;
    }

    private static List<LiveEvent> starts(List<LiveEvent> events) {
        return events.stream().filter(e -> e.getType() == LiveEventType.LIVE_START).toList();
    }

    @Test
    void aboutOneLiveStartPerLiveEveryTicks() {
        int starts = starts(schedule(42, 200, LIVE_EVERY)).size();

        assertThat((double) starts)
                .isCloseTo(TICKS / LIVE_EVERY, within(TICKS / LIVE_EVERY * 0.05));
    }

    @Test
    void theSameSeedGivesTheSameLives() {
        assertThat(schedule(42, 200, LIVE_EVERY)).isEqualTo(schedule(42, 200, LIVE_EVERY));
        assertThat(schedule(43, 200, LIVE_EVERY)).isNotEqualTo(schedule(42, 200, LIVE_EVERY));
    }

    @Test
    void liveIdsAreUnique() {
        List<LiveEvent> starts = starts(schedule(42, 200, LIVE_EVERY));

        assertThat(starts.stream().map(LiveEvent::getLiveId).distinct().count())
                .isEqualTo(starts.size());
    }

    @Test
    void everyLiveEndsOnceAnHourOrSoAfterItStarted() {
        Map<String, LiveEvent> open = new HashMap<>();
        Set<String> liveCreators = new HashSet<>();
        for (LiveEvent event : schedule(42, 200, LIVE_EVERY)) {
            if (event.getType() == LiveEventType.LIVE_START) {
                assertThat(liveCreators.add(event.getCreatorId()))
                        .as("%s is not live already", event.getCreatorId())
                        .isTrue();
                open.put(event.getLiveId(), event);
                continue;
            }
            LiveEvent start = open.remove(event.getLiveId());
            assertThat(start).as("the start of %s", event.getLiveId()).isNotNull();
            assertThat(event.getCreatorId()).isEqualTo(start.getCreatorId());
            liveCreators.remove(event.getCreatorId());
            long length = event.getEventTime().toEpochMilli() - start.getEventTime().toEpochMilli();
            assertThat(length)
                    .isBetween(
                            LiveSchedule.SHORTEST_LIVE.toMillis(),
                            LiveSchedule.LONGEST_LIVE.toMillis() + MILLIS_PER_TICK);
        }
        long lastTick = (TICKS - 1) * MILLIS_PER_TICK;
        assertThat(open.values())
                .as("only lives still running when the schedule stops are open")
                .allMatch(
                        start ->
                                start.getEventTime().toEpochMilli()
                                                + LiveSchedule.LONGEST_LIVE.toMillis()
                                        > lastTick);
    }

    @Test
    void popularCreatorsGoLiveMostOften() {
        Map<String, Integer> perCreator = new HashMap<>();
        for (LiveEvent start : starts(schedule(42, 200, LIVE_EVERY))) {
            perCreator.merge(start.getCreatorId(), 1, Integer::sum);
        }
        List<Integer> counts = perCreator.values().stream().sorted((a, b) -> b - a).toList();
        int total = counts.stream().mapToInt(Integer::intValue).sum();
        int topTen = counts.subList(0, 10).stream().mapToInt(Integer::intValue).sum();

        assertThat(perCreator.get("creator-1")).isEqualTo(counts.get(0));
        assertThat(counts.get(0)).isGreaterThan(10 * counts.get(counts.size() / 2));
        // Below their share of interactions: the most popular are live much of the time.
        assertThat(topTen).isGreaterThan(total * 3 / 10);
    }

    @Test
    void everyPartitionCarriesLiveEventsOften() {
        long[] lastTick = new long[PARTITIONS];
        long longestGap = 0;
        for (LiveEvent event : schedule(42, 200, LIVE_EVERY)) {
            int partition = KeyPartitions.of(event.getCreatorId(), PARTITIONS);
            long tick = event.getEventTime().toEpochMilli() / MILLIS_PER_TICK;
            longestGap = Math.max(longestGap, tick - lastTick[partition]);
            lastTick[partition] = tick;
        }
        for (long last : lastTick) {
            longestGap = Math.max(longestGap, TICKS - last);
        }
        // Four turns of gaps of at most 1.5 × LIVE_EVERY: about 0.6 s of real time at 2,000/s.
        assertThat(longestGap).isLessThanOrEqualTo(3L * LIVE_EVERY * PARTITIONS / 2);
    }

    @Test
    void aCreatorWhoIsLiveStartsNothingNew() {
        // One creator and lives of at least 30 minutes: at most one start per 30 minutes.
        List<LiveEvent> starts = starts(schedule(42, 1, LIVE_EVERY));

        assertThat(starts).isNotEmpty().allMatch(s -> s.getCreatorId().equals("creator-1"));
        assertThat(starts.size())
                .isLessThanOrEqualTo(
                        (int) (TICKS * MILLIS_PER_TICK / LiveSchedule.SHORTEST_LIVE.toMillis()));
    }

    @Test
    void noLivesWhenLiveEveryIsZero() {
        assertThat(schedule(42, 200, 0)).isEmpty();
    }
}
