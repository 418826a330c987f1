package io.fanscore.rules.scoring;

import io.fanscore.schema.InteractionEvent;
import io.fanscore.state.PairState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Drives one pair through a {@link FanLedger} the way the job does, recording what it emits. */
final class PairHistory {

    final FanLedger ledger;
    final List<TierTransition> transitions = new ArrayList<>();
    final List<FanLedger.Outcome> outcomes = new ArrayList<>();
    PairState state;

    PairHistory(ScoringProfile profile) {
        this.ledger = new FanLedger(profile);
    }

    PairHistory feed(InteractionEvent... events) {
        for (InteractionEvent event : events) {
            FanLedger.Result result = ledger.onEvent(state, event, transitions::add);
            state = result.state();
            outcomes.add(result.outcome());
        }
        return this;
    }

    /** Lets event time pass to {@code time} with no event, as the day-start timer does. */
    PairHistory idleUntil(Instant time) {
        state = ledger.onTime(state, time.toEpochMilli(), transitions::add);
        return this;
    }

    long intimacy() {
        return state.getIntimacy();
    }

    int level() {
        return ledger.levelOf(state);
    }

    TierTransition lastTransition() {
        return transitions.get(transitions.size() - 1);
    }
}
