package io.fanscore.rules.packages;

import io.fanscore.config.Durations;
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
import java.util.Iterator;
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
                    "min_size");
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
        unknownKeys(root, TOP_LEVEL_KEYS, source);
        Duration interval = duration(root, "version_interval", Duration.ofHours(1), source);
        int keepVersions =
                intValue(root, "keep_versions", PackageCatalog.DEFAULT_KEEP_VERSIONS, source);
        int defaultMinSize = intValue(root, "default_min_size", 100, source);
        boolean allowRaw = bool(root, "allow_raw", false, source);
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
        unknownKeys(node, PACKAGE_KEYS, where);
        try {
            return new PackageDefinition(
                    id,
                    text(node, "creator_id", where),
                    tiers(node, where),
                    intValue(node, "min_level", 0, where),
                    bool(node, "following_required", false, where),
                    idFormat(node.path("id_format").asText("sha256"), where),
                    node.path("salt_ref").asText(null),
                    intValue(node, "min_size", defaultMinSize, where));
        } catch (IllegalArgumentException e) {
            throw new PackageException(where + ": " + e.getMessage());
        }
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

    private static void unknownKeys(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new PackageException(
                        where + ": unknown key '" + name + "' (known: " + known + ")");
            }
        }
    }

    private static String text(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
            throw new PackageException(where + ": '" + key + "' is required");
        }
        return value.asText();
    }

    private static int intValue(JsonNode node, String key, int fallback, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isInt()) {
            throw new PackageException(where + ": '" + key + "' must be an integer");
        }
        return value.asInt();
    }

    private static boolean bool(JsonNode node, String key, boolean fallback, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new PackageException(where + ": '" + key + "' must be true or false");
        }
        return value.asBoolean();
    }

    private static Duration duration(JsonNode node, String key, Duration fallback, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        Duration duration;
        try {
            duration = Durations.parse(value.asText());
        } catch (IllegalArgumentException e) {
            throw new PackageException(where + ": '" + key + "': " + e.getMessage());
        }
        if (duration.isZero()) {
            throw new PackageException(where + ": '" + key + "' must be positive");
        }
        return duration;
    }
}
