package io.fanscore.jobs.notify;

import io.fanscore.jobs.testutils.BoundedReplay;
import io.fanscore.jobs.testutils.PipelineITCaseBase;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.PushNotification;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.PushStatus;
import io.fanscore.schema.Tier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.fanscore.rules.scoring.ScoringFixtures.interaction;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A month of subscription pushes (SPEC §12) end to end: real broker, MiniCluster with RocksDB and
 * checkpoints, {@code produce} → {@code run --bounded} → read back.
 *
 * <p>Test day 1 is Monday 2026-01-05 in Asia/Shanghai, so days 1 to 27 are January, 28 to 30
 * February. Creator c1 pushes every noon, and once more 5 s after the first: days 1 to 8 are
 * accepted, the second of day 1 is refused as daily, days 9 to 27 as monthly, and February starts
 * afresh.
 */
class PushesITCase extends PipelineITCaseBase {

    private static final int DAYS = 30;

    @Test
    void aMonthOfPushesWithRefusalsRecipientsAsOfTAndTheFanCapEqualOnReplay() throws Exception {
        BoundedReplay.Outputs first = replay("pushes-a", false);
        BoundedReplay.Outputs second = replay("pushes-b", true);

        List<PushOutcome> outcomes = first.pushOutcomes();
        Map<PushStatus, Long> byStatus =
                outcomes.stream()
                        .filter(o -> o.getCreatorId().equals("c1"))
                        .collect(
                                Collectors.groupingBy(
                                        PushOutcome::getStatus, Collectors.counting()));
        assertThat(byStatus)
                .containsEntry(PushStatus.ACCEPTED, 11L)
                .containsEntry(PushStatus.REFUSED_DAILY, 1L)
                .containsEntry(PushStatus.REFUSED_MONTHLY, 19L);
        assertThat(outcomes)
                .filteredOn(o -> o.getPushId().equals("c1-day-28"))
                .extracting(PushOutcome::getStatus, PushOutcome::getPushesLeftThisMonth)
                .containsExactly(tuple(PushStatus.ACCEPTED, 7));
        assertThat(outcomes)
                .filteredOn(o -> o.getPushId().equals("c1-day-8"))
                .extracting(PushOutcome::getPushesLeftThisMonth)
                .containsExactly(0);
        // One outcome per push_id: the repeat sent by d5 later is ignored, d1 keeps its push.
        assertThat(outcomes).extracting(PushOutcome::getPushId).doesNotHaveDuplicates();
        assertThat(outcomes)
                .filteredOn(o -> o.getPushId().equals("d1-p"))
                .extracting(PushOutcome::getCreatorId)
                .containsExactly("d1");

        Map<String, List<String>> pushesByFan = pushesByFan(first.pushNotifications());
        // fan-a follows from day 1: every accepted push of c1.
        assertThat(pushesByFan.get("fan-a")).hasSize(11).contains("c1-day-1", "c1-day-30");
        // fan-b's FOLLOW is stamped 20 s after the day-3 push: from day 4 on.
        assertThat(pushesByFan.get("fan-b"))
                .hasSize(8)
                .doesNotContain("c1-day-3")
                .contains("c1-day-4");
        assertThat(pushesByFan).doesNotContainKey("fan-quiet");
        // fan-x follows d1..d4, who push at the same instant: 3 a day, in push_id order.
        assertThat(pushesByFan.get("fan-x")).containsExactly("d1-p", "d2-p", "d3-p");
        assertThat(first.pushNotifications())
                .extracting(PushNotification::getTier)
                .containsOnly(Tier.CASUAL);

        assertThat(first.deadLetters())
                .extracting(DeadLetter::getReason, DeadLetter::getDetail)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.toList().get(0)).isEqualTo(DeadLetterReason.INVALID_VALUE);
                            assertThat((String) d.toList().get(1)).contains("min_tier");
                        });

        // A replay with pushes in another arrival order gives the same outputs.
        assertThat(second.pushOutcomes()).containsExactlyInAnyOrderElementsOf(outcomes);
        assertThat(withoutEmittedAt(second.pushNotifications()))
                .containsExactlyInAnyOrderElementsOf(withoutEmittedAt(first.pushNotifications()));
    }

    private BoundedReplay.Outputs replay(String name, boolean reversed) throws Exception {
        List<InteractionEvent> events = new ArrayList<>();
        events.add(follow("c1", "fan-a", noonOf(1, Duration.ofHours(-1))));
        events.add(follow("c1", "fan-b", noonOf(3, Duration.ofSeconds(20))));
        events.add(follow("c1", "fan-quiet", noonOf(1, Duration.ofHours(-1))));
        events.add(
                interaction(
                        "quiet-off",
                        "c1",
                        "fan-quiet",
                        InteractionType.NOTIFY_OPT_OUT,
                        noonOf(1, Duration.ofMinutes(-59))));
        for (String creator : List.of("d1", "d2", "d3", "d4")) {
            events.add(follow(creator, "fan-x", noonOf(1)));
        }
        events.add(
                interaction(
                        "end",
                        "c1",
                        "fan-a",
                        InteractionType.LIKE,
                        noonOf(DAYS, Duration.ofHours(1))));
        events.sort(java.util.Comparator.comparing(InteractionEvent::getEventTime));

        // Sent in time order per creator, as producers do; the replay reorders what the
        // out-of-orderness bound (10 s) allows: the two pushes of day 1 (5 s apart), and the
        // four same-instant pushes of day 2.
        List<CreatorPush> pushes = new ArrayList<>();
        CreatorPush dayOne = push("c1-day-1", "c1", noonOf(1));
        CreatorPush again = push("c1-again", "c1", noonOf(1, Duration.ofSeconds(5)));
        pushes.addAll(reversed ? List.of(again, dayOne) : List.of(dayOne, again));
        List<String> sameInstant = new ArrayList<>(List.of("d4", "d2", "d1", "d3"));
        if (reversed) {
            Collections.reverse(sameInstant);
        }
        for (String creator : sameInstant) {
            pushes.add(push(creator + "-p", creator, noonOf(2)));
        }
        pushes.add(push("d1-p", "d5", noonOf(2, Duration.ofMinutes(1))));
        for (int day = 2; day <= DAYS; day++) {
            pushes.add(push("c1-day-" + day, "c1", noonOf(day)));
            if (day == 5) {
                CreatorPush bad = push("bad", "c1", noonOf(5, Duration.ofHours(3)));
                bad.setMinTier(Tier.NONE);
                pushes.add(bad);
            }
        }
        BoundedReplay replay = new BoundedReplay(KAFKA, name, 2).produce(events, List.of());
        replay.producePushes(pushes);
        return replay.run(checkpoints.resolve(name));
    }

    private static InteractionEvent follow(String creator, String fan, Instant time) {
        return interaction(
                creator + "-" + fan + "-follow", creator, fan, InteractionType.FOLLOW, time);
    }

    private static Map<String, List<String>> pushesByFan(List<PushNotification> notifications) {
        return notifications.stream()
                .sorted(
                        java.util.Comparator.comparing(PushNotification::getEventTime)
                                .thenComparing(PushNotification::getPushId))
                .collect(
                        Collectors.groupingBy(
                                PushNotification::getFanId,
                                Collectors.mapping(
                                        PushNotification::getPushId, Collectors.toList())));
    }

    private static List<PushNotification> withoutEmittedAt(List<PushNotification> notifications) {
        return notifications.stream()
                .map(n -> PushNotification.newBuilder(n).setEmittedAt(Instant.EPOCH).build())
                .toList();
    }
}
