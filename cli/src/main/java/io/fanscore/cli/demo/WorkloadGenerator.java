package io.fanscore.cli.demo;

import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * A synthetic stream of interactions and live events, the same for the same settings: Zipf-popular
 * creators, heavy-tailed fan activity, fans loyal to a home creator, a realistic mix of types, a
 * small share of invalid records (empty fan_id, dead-lettered by the job), and event times on a
 * time-lapse clock (see {@link SimulatedClock}) with a little out-of-order jitter. Creators go live
 * on the same clock (see {@link LiveSchedule}), and loyal and lapsing fans follow their routines on
 * it (see {@link FanRoutines}), so that a run of minutes shows weeks of the product: fans growing
 * DEVOTED, decaying, and one-off visitors expiring.
 */
public final class WorkloadGenerator {

    public static final double CREATOR_EXPONENT = 1.1;
    public static final double FAN_EXPONENT = 0.9;

    /** Share of a fan's interactions that go to their home creator rather than anyone popular. */
    static final double LOYALTY = 0.7;

    /** Below the job's default out-of-orderness (10 s), so reordering never makes events late. */
    static final Duration MAX_JITTER = Duration.ofSeconds(5);

    /** One loyal fan per this many fans, one lapsing fan per {@link #FANS_PER_LAPSING}. */
    static final int FANS_PER_LOYAL = 2_000;

    static final int FANS_PER_LAPSING = 500;

    /**
     * What to generate.
     *
     * @param start the simulated time of the first tick
     * @param end the simulated time the time-lapse reaches after {@code lapseTicks} ticks: the
     *     wall-clock time when the run began
     * @param lapseTicks ticks (one random interaction each) the time-lapse takes
     * @param loyalFans fans who do the daily cap with one creator every day (see {@link
     *     FanRoutines})
     * @param lapsingFans fans who do so for a few days, then stop
     * @param badShare share of interactions with an empty fan_id
     * @param liveEvery interactions per live start on average; 0 for no live events
     * @param livePartitions partitions of the live topic, which live starts take turns over
     */
    public record Settings(
            long seed,
            int creators,
            int fans,
            long start,
            long end,
            long lapseTicks,
            int loyalFans,
            int lapsingFans,
            double badShare,
            int liveEvery,
            int livePartitions) {}

    /**
     * One tick of the simulated clock: a random interaction, the routine interactions of loyal and
     * lapsing fans due by then, and the live events due by then.
     */
    public record Tick(
            InteractionEvent interaction,
            List<InteractionEvent> routines,
            List<LiveEvent> liveEvents) {

        /** The random interaction first, then the routines. */
        public List<InteractionEvent> interactions() {
            List<InteractionEvent> all = new java.util.ArrayList<>(1 + routines.size());
            all.add(interaction);
            all.addAll(routines);
            return all;
        }
    }

    private final Settings settings;
    private final SplittableRandom random;
    private final ZipfSampler creators;
    private final ZipfSampler fans;
    private final InteractionMix mix = new InteractionMix();
    private final LiveSchedule lives;
    private final FanRoutines routines;
    private final SimulatedClock clock;
    private long sequence;

    /** After the time-lapse, the clock follows {@code wallClock}. */
    public WorkloadGenerator(Settings settings, LongSupplier wallClock) {
        this.settings = settings;
        this.clock =
                new SimulatedClock(
                        settings.start(), settings.end(), settings.lapseTicks(), wallClock);
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
        this.routines =
                new FanRoutines(
                        settings.seed(),
                        // Its own stream too, which leaves the random interactions as they were.
                        new SplittableRandom(settings.seed() * 31 + 17),
                        creators,
                        settings.loyalFans(),
                        settings.lapsingFans(),
                        settings.start(),
                        settings.end());
    }

    /**
     * Settings for a time-lapse of {@code days} up to {@code now} (the wall clock when the run
     * begins), passed in {@code lapseTicks} interactions.
     */
    public static Settings timeLapse(
            long seed,
            int creators,
            int fans,
            Duration days,
            long lapseTicks,
            int liveEvery,
            int livePartitions,
            long now) {
        return new Settings(
                seed,
                creators,
                fans,
                now - days.toMillis(),
                now,
                lapseTicks,
                Math.max(1, fans / FANS_PER_LOYAL),
                Math.max(1, fans / FANS_PER_LAPSING),
                0.001,
                liveEvery,
                livePartitions);
    }

    public Tick next() {
        long n = sequence++;
        long now = clock.timeOf(n);
        InteractionEvent interaction = interaction(n, now);
        return new Tick(interaction, routines.advanceTo(now), lives.advanceTo(now));
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
