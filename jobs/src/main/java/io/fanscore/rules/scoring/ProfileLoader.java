package io.fanscore.rules.scoring;

import io.fanscore.config.StrictYaml;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scoring profile (YAML, see {@code flink-conf/profiles/general.yaml}). Strict: an unknown
 * key, a missing key or a bad value fails with a message that names the key, so a typo fails the
 * job at start-up instead of silently scoring with a default.
 */
public final class ProfileLoader {

    /** The profile that ships with fanscore, {@code profiles/general.yaml} on the classpath. */
    public static final String DEFAULT_PROFILE = "general";

    /** Every profile that ships with fanscore: the default and the four quadrants (SPEC §11). */
    public static final List<String> BUILT_IN =
            List.of(
                    DEFAULT_PROFILE,
                    "fast-moving-online",
                    "local-store",
                    "considered-online",
                    "considered-offline");

    private static final java.util.regex.Pattern NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of(
                    "name",
                    "time_zone",
                    "points",
                    "daily_cap",
                    "levels",
                    "tiers",
                    "hysteresis_percent",
                    "decay",
                    "expiry",
                    "duplicate_window",
                    "limits",
                    "notify",
                    "push");

    private ProfileLoader() {}

    /** The built-in profile {@code name} from the classpath. */
    public static ScoringProfile builtIn(String name) {
        String resource = "/profiles/" + name + ".yaml";
        try (InputStream in = ProfileLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ProfileException("no built-in scoring profile '" + name + "'");
            }
            return parse(YAML.readTree(in), resource);
        } catch (IOException e) {
            throw new ProfileException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    public static ScoringProfile fromFile(Path file) {
        try {
            return parse(YAML.readTree(Files.readString(file)), file.toString());
        } catch (IOException e) {
            throw new ProfileException("cannot read profile " + file + ": " + e.getMessage(), e);
        }
    }

    /** A file path, or the name of a built-in profile. */
    public static ScoringProfile load(String pathOrName) {
        Path path = Path.of(pathOrName);
        return Files.isRegularFile(path) ? fromFile(path) : builtIn(pathOrName);
    }

    public static ScoringProfile fromYaml(String yaml) {
        try {
            return parse(YAML.readTree(yaml), "<inline>");
        } catch (IOException e) {
            throw new ProfileException("profile is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static ScoringProfile parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new ProfileException(source + ": a profile is a YAML mapping");
        }
        StrictYaml keys = new StrictYaml(source, ProfileException::new);
        keys.onlyKnown(root, "", TOP_LEVEL_KEYS);
        String name = keys.text(root, "name");
        if (!NAME.matcher(name).matches()) {
            // Names go into metric labels and saved state: letters, digits, '.', '_', '-'.
            throw keys.bad("name", "must be 1-64 of A-Z a-z 0-9 . _ -, got '" + name + "'");
        }
        ZoneId zone = zone(keys, root);
        LevelTable levels = levels(keys, root);
        return new ScoringProfile(
                name,
                new DayClock(zone),
                pointRules(keys, root.get("points")),
                dailyCap(keys, root),
                levels,
                tierPolicy(keys, root, levels),
                new DecayRule(
                        intIn(keys, root, "decay", "idle_days", 0, 100_000),
                        intIn(keys, root, "decay", "per_mille", 0, 1000),
                        intIn(keys, root, "expiry", "idle_days", 0, 100_000)),
                duration(keys, root, "duplicate_window").toMillis(),
                limits(keys, root),
                notifyRule(keys, root),
                pushRule(keys, root));
    }

    private static ZoneId zone(StrictYaml keys, JsonNode root) {
        String zone = keys.text(root, "time_zone");
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw keys.bad("time_zone", "'" + zone + "' is not a time zone id");
        }
    }

    private static Map<InteractionType, PointRule> pointRules(StrictYaml keys, JsonNode points) {
        if (points == null || !points.isObject()) {
            throw keys.bad("points", "must be a mapping of interaction type to rule");
        }
        Map<InteractionType, PointRule> rules = new EnumMap<>(InteractionType.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = points.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = "points." + entry.getKey();
            InteractionType type;
            try {
                type = InteractionType.valueOf(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw keys.bad(key, "unknown interaction type");
            }
            if (type == InteractionType.UNKNOWN) {
                throw keys.bad(key, "UNKNOWN cannot earn points");
            }
            rules.put(type, pointRule(keys, key, entry.getValue()));
        }
        return rules;
    }

    private static PointRule pointRule(StrictYaml keys, String key, JsonNode node) {
        keys.onlyKnown(
                node, key + ".", Set.of("points", "per", "unit", "first_time_only", "daily_cap"));
        long points = keys.longAt(node, key + ".points", "points", 0, Long.MAX_VALUE / 1_000_000);
        long cap =
                node.has("daily_cap")
                        ? keys.longAt(node, key + ".daily_cap", "daily_cap", 0, Integer.MAX_VALUE)
                        : PointRule.NO_CAP;
        boolean firstTime = node.path("first_time_only").asBoolean(false);
        String per = node.path("per").asText("");
        PointRule.Kind kind;
        long unit = 1;
        switch (per) {
            case "" -> kind = firstTime ? PointRule.Kind.FIRST_TIME : PointRule.Kind.FIXED;
            case "watch_seconds" -> kind = PointRule.Kind.PER_WATCH_UNIT;
            case "amount_cents" -> kind = PointRule.Kind.PER_AMOUNT_UNIT;
            default -> throw keys.bad(key + ".per", "must be watch_seconds or amount_cents");
        }
        if (!per.isEmpty()) {
            if (firstTime) {
                throw keys.bad(key + ".first_time_only", "cannot be combined with per");
            }
            unit = keys.longAt(node, key + ".unit", "unit", 1, Long.MAX_VALUE);
        }
        return new PointRule(kind, points, unit, cap);
    }

    private static DailyCap dailyCap(StrictYaml keys, JsonNode root) {
        JsonNode steps = root.get("daily_cap");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw keys.bad("daily_cap", "must be a list of {from_level, cap}");
        }
        List<DailyCap.Step> result = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String key = "daily_cap[" + i + "]";
            JsonNode step = steps.get(i);
            keys.onlyKnown(step, key + ".", Set.of("from_level", "cap"));
            result.add(
                    new DailyCap.Step(
                            (int) keys.longAt(step, key + ".from_level", "from_level", 1, 1000),
                            keys.longAt(step, key + ".cap", "cap", 0, Integer.MAX_VALUE)));
        }
        try {
            return new DailyCap(result);
        } catch (IllegalArgumentException e) {
            throw keys.bad("daily_cap", e.getMessage());
        }
    }

    private static LevelTable levels(StrictYaml keys, JsonNode root) {
        JsonNode node = root.get("levels");
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw keys.bad("levels", "must be a list of intimacy thresholds, level 1 first");
        }
        long[] thresholds = new long[node.size()];
        for (int i = 0; i < thresholds.length; i++) {
            if (!node.get(i).canConvertToLong()) {
                throw keys.bad("levels[" + i + "]", "must be an integer");
            }
            thresholds[i] = node.get(i).asLong();
        }
        try {
            return new LevelTable(thresholds);
        } catch (IllegalArgumentException e) {
            throw keys.bad("levels", e.getMessage());
        }
    }

    private static TierPolicy tierPolicy(StrictYaml keys, JsonNode root, LevelTable levels) {
        JsonNode tiers = root.get("tiers");
        if (tiers == null || !tiers.isObject()) {
            throw keys.bad("tiers", "must map CASUAL, FAVORABLE and DEVOTED to a from_level");
        }
        keys.onlyKnown(tiers, "tiers.", Set.of("CASUAL", "FAVORABLE", "DEVOTED"));
        long casual = tierThreshold(keys, tiers, "CASUAL", levels);
        long favorable = tierThreshold(keys, tiers, "FAVORABLE", levels);
        long devoted = tierThreshold(keys, tiers, "DEVOTED", levels);
        if (!(casual <= favorable && favorable <= devoted)) {
            throw keys.bad("tiers", "thresholds must not decrease from CASUAL to DEVOTED");
        }
        boolean casualIfFollowing = tiers.path("CASUAL").path("or_following").asBoolean(false);
        int hysteresis = intIn(keys, root, null, "hysteresis_percent", 0, 100);
        return new TierPolicy(casual, casualIfFollowing, favorable, devoted, hysteresis);
    }

    private static long tierThreshold(
            StrictYaml keys, JsonNode tiers, String tier, LevelTable levels) {
        String key = "tiers." + tier;
        JsonNode node = tiers.get(tier);
        if (node == null || !node.isObject()) {
            throw keys.bad(key, "is missing");
        }
        Set<String> allowed =
                tier.equals("CASUAL") ? Set.of("from_level", "or_following") : Set.of("from_level");
        keys.onlyKnown(node, key + ".", allowed);
        int level =
                (int) keys.longAt(node, key + ".from_level", "from_level", 1, levels.maxLevel());
        return levels.thresholdOf(level);
    }

    private static NotifyRule notifyRule(StrictYaml keys, JsonNode root) {
        JsonNode node = root.get("notify");
        if (node == null || !node.isObject()) {
            throw keys.bad("notify", "is missing");
        }
        keys.onlyKnown(
                node,
                "notify.",
                Set.of("min_tier", "per_pair_per_day", "per_fan_per_day", "live_id_memory"));
        return new NotifyRule(
                fanTier(keys, node, "min_tier", "notify.min_tier"),
                (int) keys.longAt(node, "notify.per_pair_per_day", "per_pair_per_day", 0, 1_000),
                (int) keys.longAt(node, "notify.per_fan_per_day", "per_fan_per_day", 0, 1_000),
                duration(keys, node, "live_id_memory", "notify.live_id_memory").toMillis());
    }

    /** The push section is optional: profiles written before pushes get SPEC §12's defaults. */
    private static PushRule pushRule(StrictYaml keys, JsonNode root) {
        JsonNode node = root.get("push");
        if (node == null) {
            return PushRule.DEFAULTS;
        }
        if (!node.isObject()) {
            throw keys.bad("push", "must be a mapping");
        }
        keys.onlyKnown(
                node,
                "push.",
                Set.of(
                        "min_tier",
                        "per_creator_per_day",
                        "per_creator_per_month",
                        "per_fan_per_day",
                        "push_id_memory"));
        return new PushRule(
                fanTier(keys, node, "min_tier", "push.min_tier"),
                (int)
                        keys.longAt(
                                node, "push.per_creator_per_day", "per_creator_per_day", 0, 1_000),
                (int)
                        keys.longAt(
                                node,
                                "push.per_creator_per_month",
                                "per_creator_per_month",
                                0,
                                31_000),
                (int) keys.longAt(node, "push.per_fan_per_day", "per_fan_per_day", 0, 1_000),
                duration(keys, node, "push_id_memory", "push.push_id_memory").toMillis());
    }

    /** A tier a fan with state can have: POTENTIAL to DEVOTED. */
    private static Tier fanTier(StrictYaml keys, JsonNode node, String field, String key) {
        String tier = keys.text(node, field, key);
        Tier parsed;
        try {
            parsed = Tier.valueOf(tier);
        } catch (IllegalArgumentException e) {
            throw keys.bad(key, "'" + tier + "' is not a tier");
        }
        if (parsed == Tier.NONE) {
            throw keys.bad(key, "must be POTENTIAL, CASUAL, FAVORABLE or DEVOTED");
        }
        return parsed;
    }

    private static Duration duration(StrictYaml keys, JsonNode root, String key) {
        return keys.duration(root, key, key);
    }

    private static Duration duration(StrictYaml keys, JsonNode root, String field, String key) {
        return keys.duration(root, field, key);
    }

    private static InputLimits limits(StrictYaml keys, JsonNode root) {
        JsonNode node = root.get("limits");
        if (node == null || !node.isObject()) {
            throw keys.bad("limits", "is missing");
        }
        keys.onlyKnown(
                node,
                "limits.",
                Set.of(
                        "max_id_length",
                        "max_watch_seconds",
                        "max_amount_cents",
                        "min_event_time",
                        "max_future_skew"));
        String minTime = keys.text(node, "min_event_time", "limits.min_event_time");
        long minEventTime;
        try {
            minEventTime = Instant.parse(minTime).toEpochMilli();
        } catch (DateTimeException e) {
            throw keys.bad("limits.min_event_time", "'" + minTime + "' is not an ISO instant");
        }
        return new InputLimits(
                (int) keys.longAt(node, "limits.max_id_length", "max_id_length", 1, 1_000_000),
                (int)
                        keys.longAt(
                                node,
                                "limits.max_watch_seconds",
                                "max_watch_seconds",
                                0,
                                Integer.MAX_VALUE),
                keys.longAt(node, "limits.max_amount_cents", "max_amount_cents", 0, Long.MAX_VALUE),
                minEventTime,
                duration(keys, node, "max_future_skew", "limits.max_future_skew").toMillis());
    }

    /** An integer of {@code section} (or of the root when null), in {@code min..max}. */
    private static int intIn(
            StrictYaml keys, JsonNode root, String section, String field, int min, int max) {
        JsonNode node = section == null ? root : root.get(section);
        String key = section == null ? field : section + "." + field;
        if (node == null || !node.isObject()) {
            throw keys.bad(section, "is missing");
        }
        return (int) keys.longAt(node, key, field, min, max);
    }
}
