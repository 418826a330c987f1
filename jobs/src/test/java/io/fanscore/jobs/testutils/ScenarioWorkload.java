package io.fanscore.jobs.testutils;

import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic multi-week workload for end-to-end tests: sessions of dense traffic on days 1, 2,
 * 3, 13 and 36, so that caps, tiers, decay (idle > 7 days) and expiry (idle > 30 days) all happen.
 * Within a session events are 0–2 s apart, so that reordering neighbours stays within the 10 s
 * out-of-orderness bound.
 */
public final class ScenarioWorkload {

    private static final int[] SESSION_DAYS = {1, 2, 3, 13, 36};
    private static final InteractionType[] MIX = {
        InteractionType.VIDEO_VIEW,
        InteractionType.VIDEO_VIEW,
        InteractionType.LIKE,
        InteractionType.LIKE,
        InteractionType.LIKE,
        InteractionType.COMMENT,
        InteractionType.SHARE,
        InteractionType.WATCH_LIVE,
        InteractionType.GIFT,
        InteractionType.GIFT,
        InteractionType.FOLLOW,
        InteractionType.UNFOLLOW,
        InteractionType.PURCHASE,
        InteractionType.JOIN_FAN_CLUB,
        InteractionType.PRIVATE_MESSAGE,
        InteractionType.LEAD
    };

    private ScenarioWorkload() {}

    /** Events in event-time order. */
    public static List<InteractionEvent> generate(long seed, int eventsPerSession) {
        Random random = new Random(seed);
        List<InteractionEvent> events = new ArrayList<>();
        int id = 0;
        for (int day : SESSION_DAYS) {
            Instant time = ScoringFixtures.noonOf(day);
            for (int i = 0; i < eventsPerSession; i++) {
                time = time.plusMillis(random.nextInt(2_000));
                InteractionType type = MIX[random.nextInt(MIX.length)];
                // Few creators, skewed fans: many repeat pairs, some one-off viewers.
                String creator = "c" + random.nextInt(3);
                String fan = "f" + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 40);
                InteractionEvent event =
                        InteractionEvent.newBuilder()
                                .setEventId("ev-" + (id++))
                                .setCreatorId(creator)
                                .setFanId(fan)
                                .setType(type)
                                .setEventTime(time)
                                .build();
                if (type == InteractionType.WATCH_LIVE) {
                    event.setWatchSeconds(random.nextInt(3_600));
                }
                if (type == InteractionType.GIFT || type == InteractionType.PURCHASE) {
                    event.setAmountCents((long) random.nextInt(20_000));
                }
                events.add(event);
                if (random.nextInt(50) == 0) {
                    // A producer retry: the same event again a little later.
                    InteractionEvent resent = InteractionEvent.newBuilder(event).build();
                    resent.setEventTime(time.plus(Duration.ofMillis(random.nextInt(3_000))));
                    events.add(resent);
                }
            }
        }
        return events;
    }

    /**
     * The same events in another arrival order: neighbours less than {@code boundMillis} apart are
     * swapped at random, so no event falls behind the watermark.
     */
    public static List<InteractionEvent> reorderWithin(
            List<InteractionEvent> events, long boundMillis, long seed) {
        Random random = new Random(seed);
        List<InteractionEvent> result = new ArrayList<>(events);
        for (int i = 0; i + 1 < result.size(); i += 2) {
            long gap = time(result.get(i + 1)) - time(result.get(i));
            if (gap < boundMillis / 2 && random.nextBoolean()) {
                InteractionEvent first = result.get(i);
                result.set(i, result.get(i + 1));
                result.set(i + 1, first);
            }
        }
        return result;
    }

    private static long time(InteractionEvent event) {
        return event.getEventTime().toEpochMilli();
    }
}
