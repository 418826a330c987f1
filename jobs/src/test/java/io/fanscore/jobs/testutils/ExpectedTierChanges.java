package io.fanscore.jobs.testutils;

import io.fanscore.jobs.scoring.TierChanges;
import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.rules.scoring.ScoringProfile;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.TierChange;
import io.fanscore.state.PairState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What SPEC §2–§6 say a replay of valid, on-time events must emit, computed straight from the
 * rules: per pair, events in (event_time, event_id) order, then day starts up to the largest event
 * time of the whole input.
 */
public final class ExpectedTierChanges {

    private ExpectedTierChanges() {}

    public static List<TierChange> of(ScoringProfile profile, List<InteractionEvent> events) {
        FanLedger ledger = new FanLedger(profile);
        TierChanges tierChanges = new TierChanges();
        Map<List<String>, List<InteractionEvent>> byPair = new LinkedHashMap<>();
        long maxTime = Long.MIN_VALUE;
        for (InteractionEvent event : events) {
            byPair.computeIfAbsent(
                            List.of(event.getCreatorId(), event.getFanId()), k -> new ArrayList<>())
                    .add(event);
            maxTime = Math.max(maxTime, event.getEventTime().toEpochMilli());
        }
        List<TierChange> expected = new ArrayList<>();
        for (Map.Entry<List<String>, List<InteractionEvent>> pair : byPair.entrySet()) {
            String creator = pair.getKey().get(0);
            String fan = pair.getKey().get(1);
            List<InteractionEvent> ordered = new ArrayList<>(pair.getValue());
            ordered.sort(
                    Comparator.comparingLong(
                                    (InteractionEvent e) -> e.getEventTime().toEpochMilli())
                            .thenComparing(InteractionEvent::getEventId));
            PairState state = null;
            for (InteractionEvent event : ordered) {
                state =
                        ledger.onEvent(
                                        state,
                                        event,
                                        t -> expected.add(tierChanges.of(creator, fan, t)))
                                .state();
            }
            ledger.onTime(state, maxTime, t -> expected.add(tierChanges.of(creator, fan, t)));
        }
        return expected;
    }
}
