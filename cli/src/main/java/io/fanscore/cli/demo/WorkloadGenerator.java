package io.fanscore.cli.demo;

import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic stream of interactions and live events, the same for the same settings: Zipf-popular
 * creators, heavy-tailed fan activity, fans loyal to a home creator, a realistic mix of types, a
 * small share of invalid records (empty fan_id, dead-lettered by the job), and event times on a
 * simulated clock with a little out-of-order jitter. Creators go live on the same clock (see {@link
 * LiveSchedule}).
 */
public final class WorkloadGenerator {

    public static final double CREATOR_EXPONENT = 1.1;
    public static final double FAN_EXPONENT = 0.9;

    /** Share of a fan's interactions that go to their home creator rather than anyone popular. */
    static final double LOYALTY = 0.7;

    /** Below the job's default out-of-orderness (10 s), so reordering never makes events late. */
    static final Duration MAX_JITTER = Duration.ofSeconds(5);

    private static final Instant SIMULATION_START = Instant.parse("2025-01-01T00:00:00Z");

    /**
     * What to generate.
     *
     * @param simulatedMillisPerEvent how far the simulated clock moves with each interaction
     * @param badShare share of interactions with an empty fan_id
     * @param liveEvery interactions per live start on average; 0 for no live events
     * @param livePartitions partitions of the live topic, which live starts take turns over
     */
    public record Settings(
            long seed,
            int creators,
            int fans,
            double simulatedMillisPerEvent,
            double badShare,
            int liveEvery,
            int livePartitions) {}

    /** One tick of the simulated clock: an interaction and the live events due by then. */
    public record Tick(InteractionEvent interaction, List<LiveEvent> liveEvents) {}

    private final Settings settings;
    private final SplittableRandom random;
    private final ZipfSampler creators;
    private final ZipfSampler fans;
    private final InteractionMix mix = new InteractionMix();
    private final LiveSchedule lives;
    private long sequence;

    public WorkloadGenerator(Settings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        // A stream of its own: the interactions do not depend on how often creators go live.
        SplittableRandom liveRandom = random.split();
        this.creators = new ZipfSampler(settings.creators(), CREATOR_EXPONENT);
        this.fans = new ZipfSampler(settings.fans(), FAN_EXPONENT);
        this.lives =
                new LiveSchedule(
                        settings.seed(),
                        liveRandom,
                        settings.creators(),
                        settings.livePartitions(),
                        settings.liveEvery());
    }

    /**
     * Settings for a clock that runs {@code speedup} times real time at {@code eventsPerSecond}
     * interactions.
     */
    public static Settings settings(
            long seed,
            int creators,
            int fans,
            double eventsPerSecond,
            double speedup,
            int liveEvery,
            int livePartitions) {
        return new Settings(
                seed,
                creators,
                fans,
                1000 * speedup / eventsPerSecond,
                0.001,
                liveEvery,
                livePartitions);
    }

    public Tick next() {
        long n = sequence++;
        long clock =
                SIMULATION_START.toEpochMilli() + (long) (n * settings.simulatedMillisPerEvent());
        InteractionEvent interaction = interaction(n, clock);
        return new Tick(interaction, lives.advanceTo(clock));
    }

    static String creatorId(int rank) {
        return "creator-" + rank;
    }

    private InteractionEvent interaction(long n, long clock) {
        int fan = fans.rankAt(random.nextDouble());
        int creator =
                random.nextDouble() < LOYALTY
                        ? homeCreatorOf(fan)
                        : creators.rankAt(random.nextDouble());
        InteractionType type = mix.type(random);
        long jitter = random.nextLong(MAX_JITTER.toMillis());

        InteractionEvent.Builder event =
                InteractionEvent.newBuilder()
                        .setEventId("demo-" + settings.seed() + "-" + n)
                        .setCreatorId(creatorId(creator))
                        .setFanId("fan-" + fan)
                        .setType(type)
                        .setEventTime(Instant.ofEpochMilli(clock - jitter))
                        .setSourceDomain(InteractionMix.domainOf(type));
        if (type == InteractionType.WATCH_LIVE) {
            event.setWatchSeconds(InteractionMix.watchSeconds(random));
        }
        if (type == InteractionType.GIFT || type == InteractionType.PURCHASE) {
            event.setAmountCents(InteractionMix.amountCents(type, random));
        }
        if (random.nextDouble() < settings.badShare()) {
            event.setFanId("");
        }
        return event.build();
    }

    /**
     * The creator a fan follows most, fixed per fan and seed. Drawn from the same Zipf law, so
     * popular creators also have the most loyal fans.
     */
    private int homeCreatorOf(int fan) {
        SplittableRandom fanRandom = new SplittableRandom(settings.seed() * 31 + fan);
        return creators.rankAt(fanRandom.nextDouble());
    }
}
