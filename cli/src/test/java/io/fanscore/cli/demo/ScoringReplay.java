package io.fanscore.cli.demo;

import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.rules.scoring.ScoringProfile;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.Tier;
import io.fanscore.state.PairState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scoring rules applied to a workload the way the job applies them: per (creator, fan) pair,
 * events in (event_time, event_id) order, day starts before each event and up to the end.
 */
final class ScoringReplay {

    record Change(String creatorId, String fanId, Tier from, Tier to, String cause) {}

    private record Pair(String creatorId, String fanId) {}

    private final FanLedger ledger;
    private final Map<Pair, List<InteractionEvent>> events = new HashMap<>();
    private final Map<Pair, PairState> states = new HashMap<>();
    private final List<Change> changes = new ArrayList<>();

    ScoringReplay(ScoringProfile profile) {
        this.ledger = new FanLedger(profile);
    }

    void add(InteractionEvent event) {
        events.computeIfAbsent(
                        new Pair(event.getCreatorId(), event.getFanId()), p -> new ArrayList<>())
                .add(event);
    }

    /** Applies every event added, then lets event time pass to {@code end}. */
    void runUntil(long end) {
        Comparator<InteractionEvent> order =
                Comparator.comparing(InteractionEvent::getEventTime)
                        .thenComparing(InteractionEvent::getEventId);
        events.forEach(
                (pair, pairEvents) -> {
                    pairEvents.sort(order);
                    PairState state = null;
                    for (InteractionEvent event : pairEvents) {
                        state = ledger.onEvent(state, event, t -> record(pair, t)).state();
                    }
                    state = ledger.onTime(state, end, t -> record(pair, t));
                    if (state != null) {
                        states.put(pair, state);
                    }
                });
    }

    private void record(Pair pair, io.fanscore.rules.scoring.TierTransition transition) {
        changes.add(
                new Change(
                        pair.creatorId(),
                        pair.fanId(),
                        transition.from(),
                        transition.to(),
                        transition.cause()));
    }

    List<Change> changes(String cause) {
        return changes.stream().filter(change -> change.cause().equals(cause)).toList();
    }

    Map<Tier, Long> tiersNow() {
        return states.values().stream()
                .collect(
                        Collectors.groupingBy(
                                PairState::getTier,
                                () -> new EnumMap<>(Tier.class),
                                Collectors.counting()));
    }

    Set<String> fansNowIn(Tier tier) {
        return states.entrySet().stream()
                .filter(entry -> entry.getValue().getTier() == tier)
                .map(entry -> entry.getKey().fanId())
                .collect(Collectors.toSet());
    }
}
