package io.fanscore.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;

/**
 * Strict reading of a parsed YAML file, the same for every fanscore file (scoring profiles, package
 * definitions): an unknown key, a missing one or a value of the wrong kind fails at start-up with a
 * message that names the file and the key, as {@code <source>: '<key>' <problem>}. Each file's
 * loader throws its own exception type.
 */
public final class StrictYaml {

    private final String source;
    private final Function<String, ? extends RuntimeException> failure;

    /**
     * @param source what the messages name: the file, and where in it
     * @param failure makes the loader's exception from a message
     */
    public StrictYaml(String source, Function<String, ? extends RuntimeException> failure) {
        this.source = source;
        this.failure = failure;
    }

    public RuntimeException bad(String key, String problem) {
        return failure.apply(source + ": '" + key + "' " + problem);
    }

    /** Fails on the first key of {@code node} outside {@code known}; keys are named prefixed. */
    public void onlyKnown(JsonNode node, String prefix, Set<String> known) {
        if (node == null || !node.isObject()) {
            throw bad(
                    prefix.isEmpty() ? "<root>" : prefix.substring(0, prefix.length() - 1),
                    "must be a mapping");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw bad(prefix + name, "is not a known key (known: " + known + ")");
            }
        }
    }

    public String text(JsonNode node, String key) {
        return text(node, key, key);
    }

    /** The required text at {@code field} of {@code node}, named {@code key} in messages. */
    public String text(JsonNode node, String field, String key) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw bad(key, "is missing");
        }
        return value.asText();
    }

    /** The required integer at {@code field}, in {@code min..max}. */
    public long longAt(JsonNode node, String key, String field, long min, long max) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw bad(key, "is missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw bad(key, "must be an integer, got '" + value.asText() + "'");
        }
        long result = value.asLong();
        if (result < min || result > max) {
            throw bad(key, "must be in " + min + ".." + max + ", got " + result);
        }
        return result;
    }

    /** As {@link #longAt}, {@code fallback} when the key is absent or null. */
    public long longAt(JsonNode node, String key, long min, long max, long fallback) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? fallback : longAt(node, key, key, min, max);
    }

    /** The boolean at {@code key}, {@code fallback} when absent or null. */
    public boolean bool(JsonNode node, String key, boolean fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw bad(key, "must be true or false, got '" + value.asText() + "'");
        }
        return value.asBoolean();
    }

    /** The required duration at {@code field}, in the one syntax ({@link Durations}). */
    public Duration duration(JsonNode node, String field, String key) {
        String text = text(node, field, key);
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(key, e.getMessage());
        }
    }

    /** As {@link #duration(JsonNode, String, String)}, {@code fallback} when absent or null. */
    public Duration duration(JsonNode node, String key, Duration fallback) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? fallback : duration(node, key, key);
    }
}
