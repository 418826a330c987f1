package io.fanscore.cli.demo;

import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A synthetic stream of interactions, the same for the same settings: Zipf-popular creators,
 * heavy-tailed fan activity, fans loyal to a home creator, a realistic mix of types, a small share
 * of invalid records (empty fan_id, dead-lettered by the job), and event times on a simulated clock
 * with a little out-of-order jitter.
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
     * @param simulatedMillisPerEvent how far the simulated clock moves with each event
     * @param badShare share of records with an empty fan_id
     */
    public record Settings(
            long seed, int creators, int fans, double simulatedMillisPerEvent, double badShare) {}

    private final Settings settings;
    private final SplittableRandom random;
    private final ZipfSampler creators;
    private final ZipfSampler fans;
    private final InteractionMix mix = new InteractionMix();
    private long sequence;

    public WorkloadGenerator(Settings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.creators = new ZipfSampler(settings.creators(), CREATOR_EXPONENT);
        this.fans = new ZipfSampler(settings.fans(), FAN_EXPONENT);
    }

    /**
     * Settings for a clock that runs {@code speedup} times real time at {@code eventsPerSecond}.
     */
    public static Settings settings(
            long seed, int creators, int fans, double eventsPerSecond, double speedup) {
        return new Settings(seed, creators, fans, 1000 * speedup / eventsPerSecond, 0.001);
    }

    public InteractionEvent next() {
        long n = sequence++;
        int fan = fans.rankAt(random.nextDouble());
        int creator =
                random.nextDouble() < LOYALTY
                        ? homeCreatorOf(fan)
                        : creators.rankAt(random.nextDouble());
        InteractionType type = mix.type(random);
        long clock =
                SIMULATION_START.toEpochMilli() + (long) (n * settings.simulatedMillisPerEvent());
        long jitter = random.nextLong(MAX_JITTER.toMillis());

        InteractionEvent.Builder event =
                InteractionEvent.newBuilder()
                        .setEventId("demo-" + settings.seed() + "-" + n)
                        .setCreatorId("creator-" + creator)
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
