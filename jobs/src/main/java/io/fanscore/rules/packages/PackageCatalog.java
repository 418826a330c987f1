package io.fanscore.rules.packages;

import io.fanscore.packageformat.IdFormat;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audience packages a job starts with, the salts their hashed ids may use, and the settings
 * every package shares. Definitions added at runtime are checked against the same rules.
 */
public final class PackageCatalog implements Serializable {

    private static final java.util.regex.Pattern NOT_IN_ENV_NAMES =
            java.util.regex.Pattern.compile("[^A-Z0-9]");

    private final Map<String, PackageDefinition> packages;
    private final Map<String, String> salts;
    private final Duration versionInterval;
    private final boolean allowRaw;
    private final int keepVersions;

    /**
     * Versions kept per package by default: a week of hourly ones. Every package in force gets a
     * version every interval, members or not (SPEC §8 v2), so without a limit the files of a
     * thousand packages would grow by 72 000 a day.
     */
    public static final int DEFAULT_KEEP_VERSIONS = 168;

    public PackageCatalog(
            List<PackageDefinition> definitions,
            Map<String, String> salts,
            Duration versionInterval,
            boolean allowRaw) {
        this(definitions, salts, versionInterval, allowRaw, DEFAULT_KEEP_VERSIONS);
    }

    /**
     * @param keepVersions how many of its latest versions each package keeps; older ones are
     *     deleted as newer ones are published
     */
    public PackageCatalog(
            List<PackageDefinition> definitions,
            Map<String, String> salts,
            Duration versionInterval,
            boolean allowRaw,
            int keepVersions) {
        if (versionInterval.isNegative() || versionInterval.isZero()) {
            throw new IllegalArgumentException("version_interval must be positive");
        }
        if (keepVersions < 2) {
            // One before the latest at least: readers apply the latest's changes to it.
            throw new IllegalArgumentException("keep_versions must be at least 2");
        }
        this.keepVersions = keepVersions;
        Map<String, String> byKey = new java.util.HashMap<>();
        salts.forEach((name, value) -> byKey.put(saltKey(name), value));
        this.salts = Map.copyOf(byKey);
        this.versionInterval = versionInterval;
        this.allowRaw = allowRaw;
        Map<String, PackageDefinition> byId = new LinkedHashMap<>();
        for (PackageDefinition definition : definitions) {
            check(definition);
            if (byId.put(definition.packageId(), definition) != null) {
                throw new IllegalArgumentException(
                        "package_id '" + definition.packageId() + "' is defined twice");
            }
        }
        this.packages = byId;
    }

    /** Fails if the definition cannot be published under this catalog's salts and settings. */
    public void check(PackageDefinition definition) {
        if (definition.idFormat() == IdFormat.RAW && !allowRaw) {
            throw new IllegalArgumentException(
                    "package '"
                            + definition.packageId()
                            + "' asks for raw ids, but allow_raw is false");
        }
        if (definition.idFormat() != IdFormat.RAW
                && !salts.containsKey(saltKey(definition.saltRef()))) {
            throw new IllegalArgumentException(
                    "package '"
                            + definition.packageId()
                            + "' refers to salt '"
                            + definition.saltRef()
                            + "', which is not configured");
        }
    }

    public List<PackageDefinition> packages() {
        return new ArrayList<>(packages.values());
    }

    public Optional<PackageDefinition> find(String packageId) {
        return Optional.ofNullable(packages.get(packageId));
    }

    public Duration versionInterval() {
        return versionInterval;
    }

    /**
     * The shortest version interval of any package here: signs that packages are in force must come
     * at least that often for every package's first version to be cut on time.
     */
    public Duration finestVersionInterval() {
        Duration finest = versionInterval;
        for (PackageDefinition definition : packages.values()) {
            Duration own = definition.versionIntervalOr(versionInterval);
            finest = own.compareTo(finest) < 0 ? own : finest;
        }
        return finest;
    }

    /** When the versions of {@code definition} are cut. */
    public VersionSchedule scheduleOf(PackageDefinition definition) {
        return new VersionSchedule(definition.versionIntervalOr(versionInterval));
    }

    public int keepVersions() {
        return keepVersions;
    }

    /** The id under which {@code fanId} appears in {@code definition}'s package. */
    public String memberId(PackageDefinition definition, String fanId) {
        String salt =
                definition.idFormat() == IdFormat.RAW
                        ? ""
                        : salts.get(saltKey(definition.saltRef()));
        return definition.idFormat().memberId(salt, fanId);
    }

    /**
     * Salt names match the way environment variables are written: {@code acme-2026} is {@code
     * FANSCORE_SALT_ACME_2026}.
     */
    public static String saltKey(String name) {
        return NOT_IN_ENV_NAMES.matcher(name.toUpperCase(java.util.Locale.ROOT)).replaceAll("_");
    }
}
