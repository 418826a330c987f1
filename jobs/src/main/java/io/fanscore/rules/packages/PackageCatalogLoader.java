package io.fanscore.rules.packages;

import io.fanscore.config.StrictYaml;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.schema.Tier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads package definitions (YAML, see {@code flink-conf/packages.yaml}) and the salts they refer
 * to. Strict like the scoring profile: an unknown or missing key or a bad value fails at start-up
 * with a message naming the package and the key.
 *
 * <p>Salts are secrets, so they never sit in the definitions file: each {@code salt_ref: NAME}
 * resolves to the environment variable {@code FANSCORE_SALT_NAME} (upper case, other characters as
 * {@code _}) or to the entry {@code NAME} of a salts properties file.
 */
public final class PackageCatalogLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of(
                    "version_interval",
                    "keep_versions",
                    "default_min_size",
                    "allow_raw",
                    "packages");
    private static final Set<String> PACKAGE_KEYS =
            Set.of(
                    "package_id",
                    "creator_id",
                    "min_tier",
                    "tiers",
                    "min_level",
                    "following_required",
                    "id_format",
                    "salt_ref",
                    "min_size",
                    "min_follow_days",
                    "fan_club_required",
                    "version_interval");
    static final String SALT_ENV_PREFIX = "FANSCORE_SALT_";

    private PackageCatalogLoader() {}

    public static PackageCatalog load(Path definitions, Path saltsFile) {
        try {
            return parse(
                    Files.readString(definitions),
                    salts(saltsFile, System.getenv()),
                    definitions.toString());
        } catch (IOException e) {
            throw new PackageException(
                    "cannot read package definitions " + definitions + ": " + e.getMessage());
        }
    }

    /** Every salt known: the salts file, then the environment (which wins). */
    public static Map<String, String> salts(Path saltsFile, Map<String, String> environment) {
        Map<String, String> salts = new HashMap<>();
        if (saltsFile != null) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(saltsFile)) {
                properties.load(in);
            } catch (IOException e) {
                throw new PackageException(
                        "cannot read salts file " + saltsFile + ": " + e.getMessage());
            }
            properties.forEach(
                    (name, value) ->
                            salts.put(PackageCatalog.saltKey(name.toString()), (String) value));
        }
        environment.forEach(
                (name, value) -> {
                    if (name.startsWith(SALT_ENV_PREFIX)) {
                        salts.put(
                                PackageCatalog.saltKey(name.substring(SALT_ENV_PREFIX.length())),
                                value);
                    }
                });
        return salts;
    }

    public static PackageCatalog parse(String yaml, Map<String, String> salts, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new PackageException(source + ": not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new PackageException(source + ": expected a mapping at the top level");
        }
        StrictYaml keys = new StrictYaml(source, PackageException::new);
        keys.onlyKnown(root, "", TOP_LEVEL_KEYS);
        Duration interval =
                positive(keys, keys.duration(root, "version_interval", Duration.ofHours(1)));
        int keepVersions =
                (int)
                        keys.longAt(
                                root,
                                "keep_versions",
                                Integer.MIN_VALUE,
                                Integer.MAX_VALUE,
                                PackageCatalog.DEFAULT_KEEP_VERSIONS);
        int defaultMinSize =
                (int)
                        keys.longAt(
                                root,
                                "default_min_size",
                                Integer.MIN_VALUE,
                                Integer.MAX_VALUE,
                                100);
        boolean allowRaw = keys.bool(root, "allow_raw", false);
        List<PackageDefinition> definitions = new ArrayList<>();
        JsonNode packages = root.path("packages");
        if (!packages.isMissingNode() && !packages.isNull()) {
            if (!packages.isArray()) {
                throw new PackageException(source + ": 'packages' must be a list");
            }
            for (JsonNode node : packages) {
                definitions.add(definition(node, defaultMinSize, source));
            }
        }
        try {
            return new PackageCatalog(definitions, salts, interval, allowRaw, keepVersions);
        } catch (IllegalArgumentException e) {
            throw new PackageException(source + ": " + e.getMessage());
        }
    }

    /** One package, as in the definitions file; also used for definitions sent at runtime. */
    public static PackageDefinition definition(JsonNode node, int defaultMinSize, String source) {
        if (!node.isObject()) {
            throw new PackageException(source + ": every package must be a mapping");
        }
        String id = node.path("package_id").asText("");
        String where = source + ": package '" + id + "'";
        StrictYaml keys = new StrictYaml(where, PackageException::new);
        keys.onlyKnown(node, "", PACKAGE_KEYS);
        try {
            return base(node, id, keys, where, defaultMinSize)
                    .withEntryRules(
                            (int)
                                    keys.longAt(
                                            node,
                                            "min_follow_days",
                                            0,
                                            PackageDefinition.MAX_FOLLOW_DAYS,
                                            PackageDefinition.NO_FOLLOW_DAYS),
                            keys.bool(node, "fan_club_required", false))
                    .withVersionInterval(ownInterval(keys, node));
        } catch (IllegalArgumentException e) {
            throw new PackageException(where + ": " + e.getMessage());
        }
    }

    private static PackageDefinition base(
            JsonNode node, String id, StrictYaml keys, String where, int defaultMinSize) {
        return new PackageDefinition(
                id,
                keys.text(node, "creator_id"),
                tiers(node, where),
                (int) keys.longAt(node, "min_level", Integer.MIN_VALUE, Integer.MAX_VALUE, 0),
                keys.bool(node, "following_required", false),
                idFormat(node.path("id_format").asText("sha256"), where),
                node.path("salt_ref").asText(null),
                (int)
                        keys.longAt(
                                node,
                                "min_size",
                                Integer.MIN_VALUE,
                                Integer.MAX_VALUE,
                                defaultMinSize));
    }

    private static Set<Tier> tiers(JsonNode node, String where) {
        boolean hasMin = node.has("min_tier");
        boolean hasSet = node.has("tiers");
        if (hasMin == hasSet) {
            throw new PackageException(where + ": give exactly one of 'min_tier' and 'tiers'");
        }
        if (hasMin) {
            return PackageDefinition.tiersFrom(
                    tier(node.get("min_tier").asText(), "min_tier", where));
        }
        if (!node.get("tiers").isArray() || node.get("tiers").isEmpty()) {
            throw new PackageException(where + ": 'tiers' must be a non-empty list");
        }
        Set<Tier> tiers = EnumSet.noneOf(Tier.class);
        for (JsonNode t : node.get("tiers")) {
            tiers.add(tier(t.asText(), "tiers", where));
        }
        return tiers;
    }

    private static Tier tier(String name, String key, String where) {
        try {
            Tier tier = Tier.valueOf(name.toUpperCase(Locale.ROOT));
            if (tier != Tier.NONE) {
                return tier;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new PackageException(
                where
                        + ": '"
                        + key
                        + "' must be POTENTIAL, CASUAL, FAVORABLE or DEVOTED, got '"
                        + name
                        + "'");
    }

    private static IdFormat idFormat(String name, String where) {
        try {
            return IdFormat.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PackageException(
                    where + ": 'id_format' must be sha256, md5 or raw, got '" + name + "'");
        }
    }

    /** A package's own version interval (a group's may be a minute), null for the catalog's. */
    private static Duration ownInterval(StrictYaml keys, JsonNode node) {
        Duration own = keys.duration(node, "version_interval", (Duration) null);
        return own == null ? null : positive(keys, own);
    }

    /** A version interval must be positive: versions are cut at its multiples. */
    private static Duration positive(StrictYaml keys, Duration interval) {
        if (interval.isZero()) {
            throw keys.bad("version_interval", "must be positive");
        }
        return interval;
    }
}
