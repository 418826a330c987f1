package io.fanscore.jobs.notify;

import io.fanscore.jobs.testutils.BoundedReplay;
import io.fanscore.jobs.testutils.PipelineITCaseBase;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.PushNotification;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.Tier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.fanscore.rules.scoring.ScoringFixtures.DAY_ONE;
import static io.fanscore.rules.scoring.ScoringFixtures.interaction;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random pushes and follows through the whole job, against a second implementation of SPEC §12
 * written here from the text alone: which push_id counts, the creator caps by day and calendar
 * month of Asia/Shanghai, recipients as of T, and the per-fan cap in (T, push_id) order.
 *
 * <p>The traffic keeps to what the model needs of the scoring rules: fans only follow, unfollow and
 * toggle notify, within 35 days, so a follower is CASUAL (100 points) and no pair expires.
 */
class PushRulesITCase extends PipelineITCaseBase {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final int DAYS = 35;
    private static final List<String> CREATORS = List.of("c1", "c2", "c3", "c4", "c5");

    @Test
    void aReplayOfRandomPushesGivesExactlyTheOutcomesAndNotificationsTheSpecDefines()
            throws Exception {
        Random random = new Random(20261202L);
        List<InteractionEvent> events = new ArrayList<>();
        for (int fan = 0; fan < 12; fan++) {
            for (String creator : CREATORS) {
                if (random.nextInt(3) == 0) {
                    continue;
                }
                long at = minute(random, 0);
                events.add(event(creator, "f" + fan, InteractionType.FOLLOW, at));
                for (int change = 0; change < 3; change++) {
                    at += random.nextInt(8 * 1440) * 60_000L + 60_000L;
                    InteractionType type =
                            switch (random.nextInt(4)) {
                                case 0 -> InteractionType.UNFOLLOW;
                                case 1 -> InteractionType.FOLLOW;
                                case 2 -> InteractionType.NOTIFY_OPT_OUT;
                                default -> InteractionType.NOTIFY_OPT_IN;
                            };
                    events.add(event(creator, "f" + fan, type, at));
                }
            }
        }
        List<CreatorPush> pushes = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            String creator = CREATORS.get(random.nextInt(CREATORS.size()));
            CreatorPush push =
                    io.fanscore.rules.scoring.ScoringFixtures.push(
                            "p" + i, creator, Instant.ofEpochMilli(minute(random, 1)));
            int tier = random.nextInt(5);
            push.setMinTier(tier == 0 ? Tier.FAVORABLE : tier == 1 ? Tier.POTENTIAL : null);
            pushes.add(push);
        }
        for (int i = 0; i < 10; i++) { // repeats of a push_id, by another creator, later or earlier
            CreatorPush original = pushes.get(random.nextInt(pushes.size()));
            long shift = (random.nextBoolean() ? 1 : -1) * (random.nextInt(120) + 1) * 60_000L;
            CreatorPush repeat =
                    io.fanscore.rules.scoring.ScoringFixtures.push(
                            original.getPushId(),
                            CREATORS.get(random.nextInt(CREATORS.size())),
                            original.getEventTime().plusMillis(shift));
            pushes.add(repeat);
        }
        events.sort(Comparator.comparing(InteractionEvent::getEventTime));
        pushes.sort(Comparator.comparing(CreatorPush::getEventTime));
        // The replay's event time ends at the last push: later follows would never be applied.
        long end = pushes.get(pushes.size() - 1).getEventTime().toEpochMilli();
        events.removeIf(e -> e.getEventTime().toEpochMilli() > end);

        BoundedReplay replay = new BoundedReplay(KAFKA, "push-rules", 2).produce(events, List.of());
        replay.producePushes(pushes);
        BoundedReplay.Outputs outputs = replay.run(checkpoints.resolve("push-rules"));

        Model model = new Model(events, pushes);
        // The traffic exercises every status, and repeats, before the job is compared with it.
        assertThat(model.outcomes)
                .anyMatch(o -> o.contains("REFUSED_DAILY"))
                .anyMatch(o -> o.contains("REFUSED_MONTHLY"))
                .hasSizeLessThan(pushes.size());
        assertThat(outputs.deadLetters()).isEmpty();
        assertThat(outputs.pushOutcomes().stream().map(PushRulesITCase::describe).toList())
                .containsExactlyInAnyOrderElementsOf(model.outcomes);
        assertThat(outputs.pushNotifications().stream().map(PushRulesITCase::describe).toList())
                .containsExactlyInAnyOrderElementsOf(model.notifications)
                .hasSizeGreaterThan(50);
    }

    /** SPEC §12 over the test's traffic, record by record. */
    private static final class Model {

        final List<String> outcomes = new ArrayList<>();
        final List<String> notifications = new ArrayList<>();

        Model(List<InteractionEvent> events, List<CreatorPush> pushes) {
            // A push_id counts once: the earliest, then the smallest creator_id.
            Map<String, CreatorPush> first = new HashMap<>();
            for (CreatorPush push : pushes) {
                first.merge(
                        push.getPushId(),
                        push,
                        (a, b) ->
                                Comparator.comparing(CreatorPush::getEventTime)
                                                        .thenComparing(CreatorPush::getCreatorId)
                                                        .compare(a, b)
                                                <= 0
                                        ? a
                                        : b);
            }
            List<CreatorPush> ordered = new ArrayList<>(first.values());
            ordered.sort(
                    Comparator.comparing(CreatorPush::getEventTime)
                            .thenComparing(CreatorPush::getPushId));
            Map<String, Integer> dayCount = new HashMap<>();
            Map<String, Integer> monthCount = new HashMap<>();
            Map<String, Integer> fanDayCount = new HashMap<>();
            for (CreatorPush push : ordered) {
                LocalDate date = LocalDate.ofInstant(push.getEventTime(), ZONE);
                String creator = push.getCreatorId();
                String dayKey = creator + date;
                String monthKey = creator + date.getYear() + "-" + date.getMonthValue();
                int today = dayCount.getOrDefault(dayKey, 0);
                int month = monthCount.getOrDefault(monthKey, 0);
                String status;
                if (today >= 1) {
                    status = "REFUSED_DAILY";
                } else if (month >= 8) {
                    status = "REFUSED_MONTHLY";
                } else {
                    status = "ACCEPTED";
                    dayCount.put(dayKey, today + 1);
                    monthCount.put(monthKey, ++month);
                }
                outcomes.add(push.getPushId() + " " + creator + " " + status + " " + (8 - month));
                if (!status.equals("ACCEPTED")) {
                    continue;
                }
                // A follower is CASUAL: reached unless the push asks for FAVORABLE or more.
                if (push.getMinTier() == Tier.FAVORABLE) {
                    continue;
                }
                for (String fan : followersWithNotifyOn(events, creator, push.getEventTime())) {
                    String fanDay = fan + date;
                    int got = fanDayCount.getOrDefault(fanDay, 0);
                    if (got < 3) {
                        fanDayCount.put(fanDay, got + 1);
                        notifications.add(push.getPushId() + " " + fan + " CASUAL");
                    }
                }
            }
        }

        /** Fans following {@code creator} with notify on after every event up to {@code t}. */
        private static Set<String> followersWithNotifyOn(
                List<InteractionEvent> events, String creator, Instant t) {
            Map<String, Boolean> following = new HashMap<>();
            Map<String, Boolean> notify = new HashMap<>();
            for (InteractionEvent event : events) { // sorted by time; ids break no ties here
                if (!event.getCreatorId().equals(creator) || event.getEventTime().isAfter(t)) {
                    continue;
                }
                String fan = event.getFanId();
                switch (event.getType()) {
                    case FOLLOW -> following.put(fan, true);
                    case UNFOLLOW -> following.put(fan, false);
                    case NOTIFY_OPT_OUT -> notify.put(fan, false);
                    case NOTIFY_OPT_IN -> notify.put(fan, true);
                    default -> {}
                }
            }
            Set<String> reached = new HashSet<>();
            following.forEach(
                    (fan, follows) -> {
                        if (follows && notify.getOrDefault(fan, true)) {
                            reached.add(fan);
                        }
                    });
            return reached;
        }
    }

    private static String describe(PushOutcome outcome) {
        return outcome.getPushId()
                + " "
                + outcome.getCreatorId()
                + " "
                + outcome.getStatus()
                + " "
                + outcome.getPushesLeftThisMonth();
    }

    private static String describe(PushNotification notification) {
        return notification.getPushId()
                + " "
                + notification.getFanId()
                + " "
                + notification.getTier();
    }

    private int sequence;

    private InteractionEvent event(String creator, String fan, InteractionType type, long at) {
        return interaction("e" + (sequence++), creator, fan, type, Instant.ofEpochMilli(at));
    }

    /** A whole minute within the test's days, from day {@code fromDay} (0-based). */
    private static long minute(Random random, int fromDay) {
        long minutes = (long) (DAYS - fromDay) * 1440;
        return DAY_ONE.plus(Duration.ofDays(fromDay)).toEpochMilli()
                + (random.nextLong(minutes)) * 60_000L;
    }
}
