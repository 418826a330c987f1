package io.fanscore.cli.demo;

import io.fanscore.cli.kafka.KeyPartitions;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Creators going live on the simulated clock, the same for the same seed: a live start every {@code
 * liveEvery} ticks on average (the gaps spread evenly from half to one and a half times that),
 * popular creators more often, never a creator twice at once, and each live ending {@link
 * #SHORTEST_LIVE} to {@link #LONGEST_LIVE} of simulated time later. Every event is stamped with the
 * tick's time, so a partition of creator.live never goes back in time.
 *
 * <p>Live starts take turns over the partitions of creator.live (where the creator's key puts
 * them), so every partition gets one at least every {@code 1.5 × liveEvery × partitions} ticks
 * unless all its creators are live: a silent partition holds the job's event time back until it
 * counts as idle.
 */
final class LiveSchedule {

    static final Duration SHORTEST_LIVE = Duration.ofMinutes(30);
    static final Duration LONGEST_LIVE = Duration.ofMinutes(90);

    private record OpenLive(long endsAt, long sequence, String liveId, int creatorRank) {}

    private final long seed;
    private final int liveEvery;
    private final SplittableRandom random;
    private final List<ZipfSampler> creatorsPerPartition;
    private final Set<Integer> liveCreators = new HashSet<>();
    private final PriorityQueue<OpenLive> openLives =
            new PriorityQueue<>(
                    Comparator.comparingLong(OpenLive::endsAt)
                            .thenComparingLong(OpenLive::sequence));
    private long starts;
    private long turns;
    private long ticksToNextStart;

    /** {@code liveEvery} 0 means no live events at all. */
    LiveSchedule(long seed, SplittableRandom random, int creators, int partitions, int liveEvery) {
        this.seed = seed;
        this.random = random;
        this.liveEvery = liveEvery;
        this.creatorsPerPartition = creatorsPerPartition(creators, partitions);
        this.ticksToNextStart = liveEvery == 0 ? 0 : nextGap();
    }

    private long nextGap() {
        return (liveEvery + 1) / 2 + random.nextInt(liveEvery);
    }

    /** Partitions no creator maps to are left out: nothing can go there. */
    private static List<ZipfSampler> creatorsPerPartition(int creators, int partitions) {
        List<ZipfSampler> perPartition = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            int p = partition;
            int[] ranks =
                    IntStream.rangeClosed(1, creators)
                            .filter(
                                    rank ->
                                            KeyPartitions.of(
                                                            WorkloadGenerator.creatorId(rank),
                                                            partitions)
                                                    == p)
                            .toArray();
            if (ranks.length > 0) {
                perPartition.add(new ZipfSampler(ranks, WorkloadGenerator.CREATOR_EXPONENT));
            }
        }
        return perPartition;
    }

    /**
     * The live events of the tick at {@code now}: the lives that have run their course end, then
     * perhaps a creator goes live.
     */
    List<LiveEvent> advanceTo(long now) {
        List<LiveEvent> due = new ArrayList<>(1);
        while (!openLives.isEmpty() && openLives.peek().endsAt() <= now) {
            OpenLive ended = openLives.poll();
            liveCreators.remove(ended.creatorRank());
            String creatorId = WorkloadGenerator.creatorId(ended.creatorRank());
            due.add(event(ended.liveId(), creatorId, LiveEventType.LIVE_END, now, null));
        }
        if (liveEvery > 0 && --ticksToNextStart == 0) {
            startLive(now, due);
            ticksToNextStart = nextGap();
        }
        return due;
    }

    private void startLive(long now, List<LiveEvent> due) {
        ZipfSampler creators =
                creatorsPerPartition.get((int) (turns++ % creatorsPerPartition.size()));
        // A drawn creator who is live already passes the start on to the next one down.
        int drawn = creators.indexAt(random.nextDouble());
        for (int k = 0; k < creators.size(); k++) {
            int rank = creators.rank((drawn + k) % creators.size());
            if (liveCreators.add(rank)) {
                long sequence = starts++;
                String liveId = "live-" + seed + "-" + sequence;
                String creatorId = WorkloadGenerator.creatorId(rank);
                long length =
                        SHORTEST_LIVE.toMillis()
                                + random.nextLong(
                                        LONGEST_LIVE.toMillis() - SHORTEST_LIVE.toMillis());
                openLives.add(new OpenLive(now + length, sequence, liveId, rank));
                String title = creatorId + " live #" + sequence;
                due.add(event(liveId, creatorId, LiveEventType.LIVE_START, now, title));
                return;
            }
        }
        // Every creator of this partition is live: no start this time.
    }

    private static LiveEvent event(
            String liveId, String creatorId, LiveEventType type, long time, String title) {
        return LiveEvent.newBuilder()
                .setLiveId(liveId)
                .setCreatorId(creatorId)
                .setType(type)
                .setEventTime(Instant.ofEpochMilli(time))
                .setTitle(title)
                .build();
    }
}
