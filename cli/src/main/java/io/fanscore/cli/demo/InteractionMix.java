package io.fanscore.cli.demo;

import io.fanscore.schema.InteractionType;
import io.fanscore.schema.SourceDomain;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What fans do and how much: views and likes are everyday, follows and comments regular, gifts and
 * purchases rare, with heavy-tailed watch times and amounts.
 */
final class InteractionMix {

    private static final Map<InteractionType, Double> WEIGHTS = weights();

    /** Gift values in cents, small gifts far more common than large ones. */
    private static final long[] GIFT_CENTS = {10, 10, 10, 50, 50, 100, 100, 500, 1_000, 10_000};

    private final InteractionType[] types;
    private final double[] cumulative;

    InteractionMix() {
        types = WEIGHTS.keySet().toArray(new InteractionType[0]);
        cumulative = new double[types.length];
        double total = WEIGHTS.values().stream().mapToDouble(Double::doubleValue).sum();
        double sum = 0;
        for (int i = 0; i < types.length; i++) {
            sum += WEIGHTS.get(types[i]) / total;
            cumulative[i] = sum;
        }
    }

    private static Map<InteractionType, Double> weights() {
        Map<InteractionType, Double> w = new EnumMap<>(InteractionType.class);
        w.put(InteractionType.VIDEO_VIEW, 38.0);
        w.put(InteractionType.LIKE, 25.0);
        w.put(InteractionType.PROFILE_VISIT, 8.0);
        w.put(InteractionType.COMMENT, 8.0);
        w.put(InteractionType.WATCH_LIVE, 6.0);
        w.put(InteractionType.FOLLOW, 4.0);
        w.put(InteractionType.SHARE, 3.0);
        w.put(InteractionType.PRIVATE_MESSAGE, 2.5);
        w.put(InteractionType.GIFT, 2.0);
        w.put(InteractionType.UNFOLLOW, 0.8);
        w.put(InteractionType.PURCHASE, 0.6);
        w.put(InteractionType.JOIN_FAN_CLUB, 0.5);
        w.put(InteractionType.JOIN_GROUP, 0.4);
        w.put(InteractionType.LEAD, 0.2);
        return w;
    }

    InteractionType type(SplittableRandom random) {
        double u = random.nextDouble();
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return types[i];
            }
        }
        return types[types.length - 1];
    }

    /** Most streams are watched for minutes, a few for hours. */
    static int watchSeconds(SplittableRandom random) {
        double seconds = -600 * Math.log(1 - random.nextDouble());
        return (int) Math.min(30 + seconds, 6 * 3600);
    }

    static long amountCents(InteractionType type, SplittableRandom random) {
        if (type == InteractionType.GIFT) {
            return GIFT_CENTS[random.nextInt(GIFT_CENTS.length)];
        }
        // Prices like 4.99 or 19.99.
        return 100L * (1 + random.nextInt(50)) - 1;
    }

    static SourceDomain domainOf(InteractionType type) {
        return switch (type) {
            case PRIVATE_MESSAGE -> SourceDomain.PRIVATE;
            case PURCHASE, LEAD -> SourceDomain.COMMERCIAL;
            default -> SourceDomain.PUBLIC;
        };
    }
}
