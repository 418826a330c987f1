package io.fanscore.rules.packages;

import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.PackageId;
import io.fanscore.schema.Tier;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/**
 * One audience package (SPEC §8): which fans of one creator belong to it and how they are
 * published. Validated on construction, so a definition that exists is usable.
 *
 * @param tiers the tiers that qualify (a {@code min_tier} is expanded to it and every higher one)
 * @param minLevel the lowest qualifying level, 0 for any
 * @param saltRef the name of the salt secret; the salt itself never sits in a definition
 */
public record PackageDefinition(
        String packageId,
        String creatorId,
        Set<Tier> tiers,
        int minLevel,
        boolean followingRequired,
        IdFormat idFormat,
        String saltRef,
        int minSize)
        implements Serializable {

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
        tiers = Set.copyOf(EnumSet.copyOf(tiers));
    }

    /** Every tier from {@code minTier} up. */
    public static Set<Tier> tiersFrom(Tier minTier) {
        if (minTier == Tier.NONE) {
            throw new IllegalArgumentException("min_tier must not be NONE");
        }
        return EnumSet.range(minTier, Tier.DEVOTED);
    }

    /** Whether a fan with this standing belongs to the package. */
    public boolean admits(Tier tier, int level, boolean following) {
        return tier != Tier.NONE
                && tiers.contains(tier)
                && level >= minLevel
                && (following || !followingRequired);
    }
}
