package io.fanscore.jobs.scoring;

import io.fanscore.jobs.notify.LiveAudience;
import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.rules.scoring.ProfileSet;
import io.fanscore.rules.scoring.ScoringProfile;

import java.util.HashMap;
import java.util.Map;

/**
 * The rules each creator is scored under (SPEC §11): one {@link FanLedger} and one {@link
 * LiveAudience} per profile in use, looked up by creator. With one profile, both lookups are a
 * field read.
 */
final class ScorerLedgers {

    private final ProfileSet profiles;
    private final Map<String, FanLedger> ledgers = new HashMap<>();
    private final Map<String, LiveAudience> audiences = new HashMap<>();
    private final FanLedger defaultLedger;
    private final LiveAudience defaultAudience;

    ScorerLedgers(ProfileSet profiles) {
        this.profiles = profiles;
        for (ScoringProfile profile : profiles.profiles()) {
            FanLedger ledger = new FanLedger(profile);
            ledgers.put(profile.name(), ledger);
            audiences.put(profile.name(), new LiveAudience(ledger, profile.notifications()));
        }
        defaultLedger = ledgers.get(profiles.defaultProfile().name());
        defaultAudience = audiences.get(profiles.defaultProfile().name());
    }

    FanLedger ledgerOf(String creator) {
        return profiles.assignments().isEmpty()
                ? defaultLedger
                : ledgers.get(profiles.of(creator).name());
    }

    LiveAudience audienceOf(String creator) {
        return profiles.assignments().isEmpty()
                ? defaultAudience
                : audiences.get(profiles.of(creator).name());
    }
}
