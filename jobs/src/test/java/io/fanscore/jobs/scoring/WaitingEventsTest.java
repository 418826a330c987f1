package io.fanscore.jobs.scoring;

import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingEventsTest {

    private final WaitingEvents waiting = new WaitingEvents();
    private final List<String> applied = new ArrayList<>();
    private final List<Long> reached = new ArrayList<>();

    @Test
    void handsOutByTimeThenPairThenEventIdAndOnlyUpToTheWatermark() throws Exception {
        add("e3", "c", "f2", 1_500);
        add("e2", "c", "f1", 1_500);
        add("e1", "c", "f1", 1_500);
        add("e0", "c", "f9", 900);
        add("e4", "c", "f1", 2_100);

        drainUntil(1_999);
        assertThat(applied).containsExactly("900:[e0]", "1500:[e1, e2]", "1500:[e3]");
        assertThat(reached).containsExactly(900L, 1_500L);

        drainUntil(2_100);
        assertThat(applied).endsWith("2100:[e4]");
    }

    @Test
    void aSecondHalfHandedOutTakesNewArrivalsInOrder() throws Exception {
        add("a", "c", "f", 1_100);
        add("c", "c", "f", 1_900);
        drainUntil(1_500);
        add("b", "c", "f", 1_600);
        drainUntil(2_000);
        assertThat(applied).containsExactly("1100:[a]", "1600:[b]", "1900:[c]");
    }

    @Test
    void unsavedAreTheArrivalsSinceTheLastTakeThatStillWait() throws Exception {
        add("applied", "c", "f", 1_000);
        add("waits", "c", "f", 3_000);
        drainUntil(2_000);
        assertThat(ids(waiting.takeUnsaved())).containsExactly("waits");

        add("next", "c", "f", 4_000);
        assertThat(ids(waiting.takeUnsaved())).containsExactly("next");
        assertThat(waiting.takeUnsaved()).isEmpty();
    }

    @Test
    void restoredEventsWaitButAreNotUnsaved() throws Exception {
        waiting.addSaved(positioned("restored", "c", "f", 1_000));
        assertThat(waiting.takeUnsaved()).isEmpty();
        drainUntil(1_000);
        assertThat(applied).containsExactly("1000:[restored]");
    }

    @Test
    void withoutCheckpointsTheUnsavedListKeepsOnlyWhatStillWaits() throws Exception {
        for (int i = 0; i < 100_000; i++) {
            add("e" + i, "c", "f", i);
            drainUntil(i - 10);
        }
        // The applied ones were dropped along the way: the list stays in proportion to what
        // waits (ten events), not to what arrived.
        assertThat(waiting.unsavedHeld()).isLessThanOrEqualTo(2 * 4_096 + 10);
        assertThat(waiting.takeUnsaved()).hasSize(10);
    }

    private static List<String> ids(List<PositionedEvent> events) {
        return events.stream().map(e -> e.event.getEventId()).toList();
    }

    private void add(String id, String creator, String fan, long time) {
        waiting.add(positioned(id, creator, fan, time));
    }

    private static PositionedEvent positioned(String id, String creator, String fan, long time) {
        return new PositionedEvent(
                InteractionEvent.newBuilder()
                        .setEventId(id)
                        .setCreatorId(creator)
                        .setFanId(fan)
                        .setType(InteractionType.LIKE)
                        .setEventTime(Instant.ofEpochMilli(time))
                        .build(),
                0,
                0);
    }

    private void drainUntil(long until) throws Exception {
        waiting.drainUntil(
                until,
                reached::add,
                (time, events) ->
                        applied.add(
                                time
                                        + ":"
                                        + events.stream().map(e -> e.event.getEventId()).toList()));
    }
}
