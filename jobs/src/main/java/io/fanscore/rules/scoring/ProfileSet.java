package io.fanscore.rules.scoring;

import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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

    private ProfileSet(
            ScoringProfile defaultProfile,
            Map<String, ScoringProfile> byCreator,
            Collection<ScoringProfile> alsoAvailable) {
        this.defaultProfile = defaultProfile;
        this.byCreator = Map.copyOf(byCreator);
        Map<String, ScoringProfile> names = new LinkedHashMap<>();
        names.put(defaultProfile.name(), defaultProfile);
        for (ScoringProfile profile : byCreator.values()) {
            names.putIfAbsent(profile.name(), profile);
            requireShared(defaultProfile, profile);
        }
        for (ScoringProfile profile : alsoAvailable) {
            requireShared(defaultProfile, profile);
            names.putIfAbsent(profile.name(), profile);
        }
        // Runtime assignments may also name a shipped profile, where it fits with the default.
        for (String name : ProfileLoader.BUILT_IN) {
            if (!names.containsKey(name)) {
                ScoringProfile builtIn = ProfileLoader.builtIn(name);
                if (sharesWith(defaultProfile, builtIn)) {
                    names.put(name, builtIn);
                }
            }
        }
        this.byName = Collections.unmodifiableMap(names);
    }

    /** Every creator under {@code profile}. */
    public static ProfileSet single(ScoringProfile profile) {
        return new ProfileSet(profile, Map.of(), List.of());
    }

    /** The creators of {@code assignments} under theirs, every other under {@code defaults}. */
    public static ProfileSet of(ScoringProfile defaults, Map<String, ScoringProfile> assignments) {
        return new ProfileSet(defaults, assignments, List.of());
    }

    /**
     * As {@link #of(ScoringProfile, Map)}, with more profiles that runtime assignments may name
     * (checked like assigned ones).
     */
    public static ProfileSet of(
            ScoringProfile defaults,
            Map<String, ScoringProfile> assignments,
            Collection<ScoringProfile> alsoAvailable) {
        return new ProfileSet(defaults, assignments, alsoAvailable);
    }

    /**
     * The profile named {@code name} that a runtime assignment may move a creator to: the default,
     * one assigned or listed as available at start-up, or a shipped one that shares the default's
     * keys; null for any other.
     */
    public ScoringProfile available(String name) {
        return byName.get(name);
    }

    public ScoringProfile defaultProfile() {
        return defaultProfile;
    }

    /** The profile {@code creatorId} is scored under. */
    public ScoringProfile of(String creatorId) {
        return byCreator.getOrDefault(creatorId, defaultProfile);
    }

    /** The names {@link #available} knows, for messages. */
    public Set<String> availableNames() {
        return byName.keySet();
    }

    /** Every profile in use or available, the default first, once each. */
    public Collection<ScoringProfile> profiles() {
        return byName.values();
    }

    /** Creators with an assignment, and theirs. */
    public Map<String, ScoringProfile> assignments() {
        return byCreator;
    }

    private static boolean sharesWith(ScoringProfile base, ScoringProfile other) {
        try {
            requireShared(base, other);
            return true;
        } catch (ProfileException e) {
            return false;
        }
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
