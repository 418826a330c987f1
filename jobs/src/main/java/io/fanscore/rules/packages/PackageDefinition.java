package io.fanscore.rules.packages;

import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.PackageId;
import io.fanscore.schema.Tier;

import java.io.Serializable;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * One audience package (SPEC §8): which fans of one creator belong to it and how they are
 * published. Validated on construction, so a definition that exists is usable.
 *
 * @param tiers the tiers that qualify (a {@code min_tier} is expanded to it and every higher one)
 * @param minLevel the lowest qualifying level, 0 for any
 * @param saltRef the name of the salt secret; the salt itself never sits in a definition
 * @param minFollowDays fan-group entry (SPEC §13): following without a break for at least this many
 *     whole 24 h days, {@link #NO_FOLLOW_DAYS} for no such rule
 * @param fanClubRequired only fan-club members qualify
 * @param versionInterval this package's own version interval, null for the catalog's
 */
public record PackageDefinition(
        String packageId,
        String creatorId,
        Set<Tier> tiers,
        int minLevel,
        boolean followingRequired,
        IdFormat idFormat,
        String saltRef,
        int minSize,
        int minFollowDays,
        boolean fanClubRequired,
        Duration versionInterval)
        implements Serializable {

    /** The {@code minFollowDays} of a package without a follow-duration rule. */
    public static final int NO_FOLLOW_DAYS = -1;

    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    /** Ten years: a longer follow rule is a typo, not a group. */
    public static final int MAX_FOLLOW_DAYS = 3_650;

    /** A version a second at most: each one writes files and a manifest. */
    public static final Duration MIN_VERSION_INTERVAL = Duration.ofSeconds(1);

    /**
     * A package of tiers, level and follow alone (SPEC §8), versioned at the catalog's interval.
     */
    public PackageDefinition(
            String packageId,
            String creatorId,
            Set<Tier> tiers,
            int minLevel,
            boolean followingRequired,
            IdFormat idFormat,
            String saltRef,
            int minSize) {
        this(
                packageId,
                creatorId,
                tiers,
                minLevel,
                followingRequired,
                idFormat,
                saltRef,
                minSize,
                NO_FOLLOW_DAYS,
                false,
                null);
    }

    public PackageDefinition {
        // Package ids name directories and URL segments, so they are kept to safe characters.
        if (!PackageId.isValid(packageId)) {
            throw new IllegalArgumentException(
                    "package_id must match "
                            + PackageId.SAFE_SEGMENT
                            + ", got '"
                            + packageId
                            + "'");
        }
        if (creatorId == null || creatorId.isEmpty() || creatorId.length() > 128) {
            throw new IllegalArgumentException("creator_id must have 1..128 characters");
        }
        if (tiers == null || tiers.isEmpty() || tiers.contains(Tier.NONE)) {
            throw new IllegalArgumentException("tiers must name at least one tier, never NONE");
        }
        if (minLevel < 0) {
            throw new IllegalArgumentException("min_level must not be negative");
        }
        if (idFormat == null) {
            throw new IllegalArgumentException("id_format is required");
        }
        if (idFormat != IdFormat.RAW && (saltRef == null || saltRef.isEmpty())) {
            throw new IllegalArgumentException("salt_ref is required for hashed ids");
        }
        if (minSize < 0) {
            throw new IllegalArgumentException("min_size must not be negative");
        }
        if (minFollowDays < NO_FOLLOW_DAYS || minFollowDays > MAX_FOLLOW_DAYS) {
            throw new IllegalArgumentException(
                    "min_follow_days must be in 0.." + MAX_FOLLOW_DAYS + ", or absent");
        }
        if (versionInterval != null && versionInterval.compareTo(MIN_VERSION_INTERVAL) < 0) {
            throw new IllegalArgumentException(
                    "version_interval must be at least " + MIN_VERSION_INTERVAL.toSeconds() + " s");
        }
        tiers = Set.copyOf(EnumSet.copyOf(tiers));
    }

    /** The same package with its fan-group entry rules (SPEC §13). */
    public PackageDefinition withEntryRules(int followDays, boolean clubRequired) {
        return new PackageDefinition(
                packageId,
                creatorId,
                tiers,
                minLevel,
                followingRequired,
                idFormat,
                saltRef,
                minSize,
                followDays,
                clubRequired,
                versionInterval);
    }

    /** The same package, versioned every {@code interval} (null: the catalog's interval). */
    public PackageDefinition withVersionInterval(Duration interval) {
        return new PackageDefinition(
                packageId,
                creatorId,
                tiers,
                minLevel,
                followingRequired,
                idFormat,
                saltRef,
                minSize,
                minFollowDays,
                fanClubRequired,
                interval);
    }

    /** This package's version interval, or {@code catalogInterval} if it has none of its own. */
    public Duration versionIntervalOr(Duration catalogInterval) {
        return versionInterval != null ? versionInterval : catalogInterval;
    }

    /** Every tier from {@code minTier} up. */
    public static Set<Tier> tiersFrom(Tier minTier) {
        if (minTier == Tier.NONE) {
            throw new IllegalArgumentException("min_tier must not be NONE");
        }
        return EnumSet.range(minTier, Tier.DEVOTED);
    }

    /**
     * Whether a fan with this standing belongs to the package at {@code time}.
     *
     * @param followingSince when the fan's current unbroken follow began, null if not following
     */
    public boolean admits(Tier tier, int level, Long followingSince, boolean fanClub, long time) {
        return tier != Tier.NONE
                && tiers.contains(tier)
                && level >= minLevel
                && (followingSince != null || !followingRequired)
                && (fanClub || !fanClubRequired)
                && followedLongEnough(followingSince, time);
    }

    /**
     * The instant after {@code time} at which a follow that began at {@code followingSince} becomes
     * long enough for this package, or {@link Long#MAX_VALUE} if none is still to come: the one
     * instant a member can join without an event.
     */
    public long followEntryAfter(Long followingSince, long time) {
        if (minFollowDays == NO_FOLLOW_DAYS || followingSince == null) {
            return Long.MAX_VALUE;
        }
        long entry = entryOf(followingSince);
        return entry > time ? entry : Long.MAX_VALUE;
    }

    private boolean followedLongEnough(Long followingSince, long time) {
        return minFollowDays == NO_FOLLOW_DAYS
                || (followingSince != null && entryOf(followingSince) <= time);
    }

    private long entryOf(long followingSince) {
        long wait = minFollowDays * DAY_MILLIS;
        return followingSince > Long.MAX_VALUE - wait ? Long.MAX_VALUE : followingSince + wait;
    }
}
