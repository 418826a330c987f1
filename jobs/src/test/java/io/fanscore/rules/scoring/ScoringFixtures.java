package io.fanscore.rules.scoring;

import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Fixed instants and event factories for scoring tests (profile time zone Asia/Shanghai). */
public final class ScoringFixtures {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** Midnight that starts "day 1" of a test: 2026-01-05T00:00+08:00. */
    public static final Instant DAY_ONE =
            ZonedDateTime.of(2026, 1, 5, 0, 0, 0, 0, ZONE).toInstant();

    public static final String CREATOR = "creator-1";
    public static final String FAN = "fan-1";

    private static int sequence;

    private ScoringFixtures() {}

    public static ScoringProfile general() {
        return ProfileLoader.builtIn(ProfileLoader.DEFAULT_PROFILE);
    }

    /** Noon of test day {@code day} (1-based) plus {@code offset}. */
    public static Instant noonOf(int day, Duration offset) {
        return DAY_ONE.plus(Duration.ofDays(day - 1)).plus(Duration.ofHours(12)).plus(offset);
    }

    public static Instant noonOf(int day) {
        return noonOf(day, Duration.ZERO);
    }

    public static Instant startOf(int day) {
        return DAY_ONE.plus(Duration.ofDays(day - 1));
    }

    public static InteractionEvent event(InteractionType type, Instant time) {
        return event("e-" + (++sequence), type, time);
    }

    public static InteractionEvent event(String eventId, InteractionType type, Instant time) {
        return interaction(eventId, CREATOR, FAN, type, time);
    }

    /** An interaction of any pair. */
    public static InteractionEvent interaction(
            String eventId, String creator, String fan, InteractionType type, Instant time) {
        return InteractionEvent.newBuilder()
                .setEventId(eventId)
                .setCreatorId(creator)
                .setFanId(fan)
                .setType(type)
                .setEventTime(time)
                .build();
    }

    public static InteractionEvent gift(long amountCents, Instant time) {
        InteractionEvent gift = event(InteractionType.GIFT, time);
        gift.setAmountCents(amountCents);
        return gift;
    }

    public static InteractionEvent watch(int seconds, Instant time) {
        InteractionEvent watch = event(InteractionType.WATCH_LIVE, time);
        watch.setWatchSeconds(seconds);
        return watch;
    }

    /** A LIVE_START of {@code creator} at {@code time}. */
    public static LiveEvent liveStart(String liveId, String creator, Instant time) {
        return LiveEvent.newBuilder()
                .setLiveId(liveId)
                .setCreatorId(creator)
                .setType(LiveEventType.LIVE_START)
                .setEventTime(time)
                .build();
    }

    /** A push of {@code creator} at {@code time} to the profile's min tier. */
    public static CreatorPush push(String pushId, String creator, Instant time) {
        return CreatorPush.newBuilder()
                .setPushId(pushId)
                .setCreatorId(creator)
                .setEventTime(time)
                .setTitle("push " + pushId)
                .build();
    }

    /** An erasure request of {@code fan}, of one creator or (null) every creator. */
    public static io.fanscore.schema.ErasureRequest erasureRequest(
            String requestId, String fan, String creator, Instant time) {
        return io.fanscore.schema.ErasureRequest.newBuilder()
                .setRequestId(requestId)
                .setFanId(fan)
                .setCreatorId(creator)
                .setEventTime(time)
                .build();
    }
}
