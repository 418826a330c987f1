package io.fanscore.rules.packages;

import io.fanscore.packageformat.IdFormat;
import io.fanscore.schema.PackageAction;
import io.fanscore.schema.PackageControl;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;

/** Package definitions to and from the records of the package control topic. */
public final class PackageControls {

    private PackageControls() {}

    /** The record that adds or replaces {@code definition} in a running job. */
    public static PackageControl upsert(PackageDefinition definition) {
        return PackageControl.newBuilder()
                .setPackageId(definition.packageId())
                .setAction(PackageAction.UPSERT)
                .setCreatorId(definition.creatorId())
                .setTiers(definition.tiers().stream().sorted().toList())
                .setMinLevel(definition.minLevel())
                .setFollowingRequired(definition.followingRequired())
                .setIdFormat(definition.idFormat().formatName())
                .setSaltRef(definition.saltRef())
                .setMinSize(definition.minSize())
                .setMinFollowDays(
                        definition.minFollowDays() == PackageDefinition.NO_FOLLOW_DAYS
                                ? null
                                : definition.minFollowDays())
                .setFanClubRequired(definition.fanClubRequired())
                .setVersionIntervalMs(
                        definition.versionInterval() == null
                                ? null
                                : definition.versionInterval().toMillis())
                .build();
    }

    /** The record that stops package {@code packageId}. */
    public static PackageControl remove(String packageId) {
        return PackageControl.newBuilder()
                .setPackageId(packageId)
                .setAction(PackageAction.REMOVE)
                .build();
    }

    /**
     * The definition an UPSERT carries, checked like one from the definitions file.
     *
     * @throws PackageException if it is not a usable definition
     */
    public static PackageDefinition definitionOf(PackageControl control) {
        if (control.getAction() != PackageAction.UPSERT) {
            throw new PackageException("only an UPSERT carries a definition");
        }
        try {
            return new PackageDefinition(
                    control.getPackageId(),
                    control.getCreatorId(),
                    control.getTiers().isEmpty() ? null : EnumSet.copyOf(control.getTiers()),
                    control.getMinLevel(),
                    control.getFollowingRequired(),
                    IdFormat.valueOf(control.getIdFormat().toUpperCase(Locale.ROOT)),
                    control.getSaltRef(),
                    control.getMinSize(),
                    control.getMinFollowDays() == null
                            ? PackageDefinition.NO_FOLLOW_DAYS
                            : control.getMinFollowDays(),
                    control.getFanClubRequired(),
                    control.getVersionIntervalMs() == null
                            ? null
                            : Duration.ofMillis(control.getVersionIntervalMs()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PackageException(
                    "package '" + control.getPackageId() + "': " + e.getMessage());
        }
    }

    /**
     * The packages in force: the catalog the job started with, then every control record in order
     * of arrival (later ones win).
     */
    public static Map<String, PackageDefinition> effective(
            PackageCatalog catalog, Iterable<Map.Entry<String, PackageControl>> overrides) {
        Map<String, PackageDefinition> packages = new java.util.TreeMap<>();
        for (PackageDefinition definition : catalog.packages()) {
            packages.put(definition.packageId(), definition);
        }
        for (Map.Entry<String, PackageControl> override : overrides) {
            if (override.getValue().getAction() == PackageAction.REMOVE) {
                packages.remove(override.getKey());
                continue;
            }
            try {
                PackageDefinition definition = definitionOf(override.getValue());
                catalog.check(definition);
                packages.put(override.getKey(), definition);
            } catch (PackageException | IllegalArgumentException e) {
                // Stored while valid, e.g. before a restart without its salt: not in force.
                packages.remove(override.getKey());
            }
        }
        return packages;
    }
}
