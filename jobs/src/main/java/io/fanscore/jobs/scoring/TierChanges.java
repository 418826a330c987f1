package io.fanscore.jobs.scoring;

import io.fanscore.connectors.ids.DeterministicId;
import io.fanscore.rules.scoring.TierTransition;
import io.fanscore.schema.TierChange;

import java.time.Instant;

/** Turns rule-level transitions into {@link TierChange} records with deterministic ids. */
public final class TierChanges {

    private final DeterministicId ids = new DeterministicId();

    public TierChange of(String creatorId, String fanId, TierTransition transition) {
        return TierChange.newBuilder()
                // A pair changes tier at most once per cause and time.
                .setChangeId(
                        ids.of(
                                creatorId,
                                fanId,
                                Long.toString(transition.eventTime()),
                                transition.cause(),
                                transition.to().name()))
                .setCreatorId(creatorId)
                .setFanId(fanId)
                .setFromTier(transition.from())
                .setToTier(transition.to())
                .setIntimacy(transition.intimacy())
                .setLevel(transition.level())
                .setEventTime(Instant.ofEpochMilli(transition.eventTime()))
                .setCause(transition.cause())
                .build();
    }
}
