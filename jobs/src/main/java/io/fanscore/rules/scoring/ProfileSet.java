package io.fanscore.rules.scoring;

import java.io.Serializable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The profiles of one job (SPEC §11): each creator is scored under exactly one, the default unless
 * assigned. Profiles used together share levels, tiers, hysteresis, daily caps and the time zone,
 * so that moving a creator from one to another never moves a fan's level or tier by itself; a set
 * that does not is refused, naming the key.
 */
public final class ProfileSet implements Serializable {

    private final ScoringProfile defaultProfile;
    private final Map<String, ScoringProfile> byCreator;
    private final Map<String, ScoringProfile> byName;

    private ProfileSet(ScoringProfile defaultProfile, Map<String, ScoringProfile> byCreator) {
        this.defaultProfile = defaultProfile;
        this.byCreator = Map.copyOf(byCreator);
        Map<String, ScoringProfile> names = new LinkedHashMap<>();
        names.put(defaultProfile.name(), defaultProfile);
        for (ScoringProfile profile : byCreator.values()) {
            names.putIfAbsent(profile.name(), profile);
            requireShared(defaultProfile, profile);
        }
        this.byName = java.util.Collections.unmodifiableMap(names);
    }

    /** Every creator under {@code profile}. */
    public static ProfileSet single(ScoringProfile profile) {
        return new ProfileSet(profile, Map.of());
    }

    /** The creators of {@code assignments} under theirs, every other under {@code defaults}. */
    public static ProfileSet of(ScoringProfile defaults, Map<String, ScoringProfile> assignments) {
        return new ProfileSet(defaults, assignments);
    }

    public ScoringProfile defaultProfile() {
        return defaultProfile;
    }

    /** The profile {@code creatorId} is scored under. */
    public ScoringProfile of(String creatorId) {
        return byCreator.getOrDefault(creatorId, defaultProfile);
    }

    /** Every profile in use, the default first, once each. */
    public Collection<ScoringProfile> profiles() {
        return byName.values();
    }

    /** Creators with an assignment, and theirs. */
    public Map<String, ScoringProfile> assignments() {
        return byCreator;
    }

    private static void requireShared(ScoringProfile base, ScoringProfile other) {
        require(base, other, "time_zone", base.clock().zone().equals(other.clock().zone()));
        require(base, other, "levels", base.levels().equals(other.levels()));
        require(base, other, "tiers", base.tiers().sameEntries(other.tiers()));
        require(
                base,
                other,
                "hysteresis_percent",
                base.tiers().hysteresisPercent() == other.tiers().hysteresisPercent());
        require(base, other, "daily_cap", Objects.equals(base.dailyCap(), other.dailyCap()));
    }

    private static void require(
            ScoringProfile base, ScoringProfile other, String key, boolean shared) {
        if (!shared) {
            throw new ProfileException(
                    "profiles used together must share '"
                            + key
                            + "': '"
                            + other.name()
                            + "' differs from '"
                            + base.name()
                            + "'");
        }
    }
}
