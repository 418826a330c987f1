package io.fanscore.jobs.scoring;

import io.fanscore.jobs.notify.LiveAudience;
import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.rules.scoring.ProfileSet;
import io.fanscore.rules.scoring.ScoringProfile;

import java.util.HashMap;
import java.util.Map;

/**
 * The rules each creator is scored under (SPEC §11): one {@link FanLedger} and one {@link
 * LiveAudience} per profile in use, resolved per assigned creator once, at start-up; a step looks
 * up its creator in one map.
 */
final class ScorerLedgers {

    private final FanLedger defaultLedger;
    private final LiveAudience defaultAudience;
    private final Map<String, FanLedger> ledgerByCreator = new HashMap<>();
    private final Map<String, LiveAudience> audienceByCreator = new HashMap<>();

    ScorerLedgers(ProfileSet profiles) {
        Map<String, FanLedger> ledgers = new HashMap<>();
        Map<String, LiveAudience> audiences = new HashMap<>();
        for (ScoringProfile profile : profiles.profiles()) {
            FanLedger ledger = new FanLedger(profile);
            ledgers.put(profile.name(), ledger);
            audiences.put(profile.name(), new LiveAudience(ledger, profile.notifications()));
        }
        profiles.assignments()
                .forEach(
                        (creator, profile) -> {
                            ledgerByCreator.put(creator, ledgers.get(profile.name()));
                            audienceByCreator.put(creator, audiences.get(profile.name()));
                        });
        defaultLedger = ledgers.get(profiles.defaultProfile().name());
        defaultAudience = audiences.get(profiles.defaultProfile().name());
    }

    FanLedger ledgerOf(String creator) {
        return ledgerByCreator.getOrDefault(creator, defaultLedger);
    }

    LiveAudience audienceOf(String creator) {
        return audienceByCreator.getOrDefault(creator, defaultAudience);
    }
}
