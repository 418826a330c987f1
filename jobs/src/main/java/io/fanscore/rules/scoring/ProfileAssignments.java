package io.fanscore.rules.scoring;

import io.fanscore.config.StrictYaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The creator → profile file read at start-up (SPEC §11):
 *
 * <pre>
 * assignments:
 *   shop-42: fast-moving-online     # a shipped profile's name
 *   dealer-7: /etc/fanscore/cars.yaml # or a profile file
 * </pre>
 *
 * An optional {@code available: [name or file, ...]} lists more profiles that runtime assignments
 * ({@code creator.profiles}) may name; the shipped ones may always be named where they fit.
 *
 * <p>Each profile is loaded once, however many creators use it; every creator not listed is scored
 * under the job's default profile.
 */
public final class ProfileAssignments {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ProfileAssignments() {}

    public static ProfileSet load(ScoringProfile defaults, Path file) {
        String source = file.toString();
        StrictYaml keys = new StrictYaml(source, ProfileException::new);
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ProfileException(source + ": cannot be read: " + e.getMessage(), e);
        }
        keys.onlyKnown(root, "", Set.of("assignments", "available"));
        JsonNode assignments = root.get("assignments");
        if (assignments == null || !assignments.isObject()) {
            throw keys.bad("assignments", "must be a mapping of creator_id to profile");
        }
        Map<String, ScoringProfile> loaded = new HashMap<>();
        loaded.put(defaults.name(), defaults);
        Map<String, ScoringProfile> byCreator = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = assignments.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String profile =
                    keys.text(assignments, entry.getKey(), "assignments." + entry.getKey());
            byCreator.put(entry.getKey(), loaded.computeIfAbsent(profile, ProfileLoader::load));
        }
        List<ScoringProfile> available = new ArrayList<>();
        JsonNode more = root.get("available");
        if (more != null && !more.isNull()) {
            if (!more.isArray()) {
                throw keys.bad("available", "must be a list of profiles");
            }
            for (JsonNode profile : more) {
                available.add(loaded.computeIfAbsent(profile.asText(), ProfileLoader::load));
            }
        }
        return ProfileSet.of(defaults, byCreator, available);
    }
}
