package io.fanscore.audience.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * A version's {@code manifest.json}, checked against the directory it was found in. The original
 * document is kept so that the API serves it as written, with fields it does not know about.
 */
public record PackageManifest(
        PackageId packageId,
        int version,
        VersionStatus status,
        IdFormat idFormat,
        long memberCount,
        long addedCount,
        long removedCount,
        StoredFile members,
        StoredFile changes,
        JsonNode document) {

    /** What the package listing shows of a version: no file details. */
    private static final List<String> SUMMARY_FIELDS =
            List.of(
                    "version",
                    "creator_id",
                    "cutoff",
                    "cutoff_utc",
                    "status",
                    "id_format",
                    "member_count",
                    "added_count",
                    "removed_count");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses and checks a manifest found at {@code <root>/<packageId>/versions/<version>/}. */
    public static PackageManifest parse(byte[] json, PackageId packageId, int version)
            throws CorruptVersionException {
        JsonNode document;
        try {
            document = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CorruptVersionException(
                    packageId, version, "manifest.json is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new CorruptVersionException(packageId, version, "manifest.json unreadable", e);
        }
        Fields fields = new Fields(document, packageId, version);
        if (!packageId.value().equals(fields.text("package_id"))) {
            throw fields.bad("package_id does not match its directory");
        }
        if (fields.count("version") != version) {
            throw fields.bad("version does not match its directory");
        }
        VersionStatus status = fields.status();
        IdFormat idFormat =
                IdFormat.fromManifestName(fields.text("id_format"))
                        .orElseThrow(() -> fields.bad("unknown id_format"));
        long memberCount = fields.count("member_count");
        if (status == VersionStatus.BELOW_MIN_SIZE && memberCount != 0) {
            throw fields.bad("a BELOW_MIN_SIZE version must have member_count 0");
        }
        return new PackageManifest(
                packageId,
                version,
                status,
                idFormat,
                memberCount,
                fields.count("added_count"),
                fields.count("removed_count"),
                fields.file("members"),
                fields.file("changes"),
                document);
    }

    public ObjectNode summary() {
        ObjectNode summary = JSON.createObjectNode();
        for (String field : SUMMARY_FIELDS) {
            Optional.ofNullable(document.get(field)).ifPresent(value -> summary.set(field, value));
        }
        return summary;
    }

    /** Typed access to the manifest's fields, failing with the name of the field. */
    private record Fields(JsonNode document, PackageId packageId, int version) {

        String text(String field) throws CorruptVersionException {
            JsonNode node = document.path(field);
            if (!node.isTextual()) {
                throw bad(field + " missing or not a string");
            }
            return node.asText();
        }

        long count(String field) throws CorruptVersionException {
            return count(document, field);
        }

        long count(JsonNode parent, String field) throws CorruptVersionException {
            JsonNode node = parent.path(field);
            if (!node.canConvertToExactIntegral()
                    || !node.canConvertToLong()
                    || node.asLong() < 0) {
                throw bad(field + " missing or not a non-negative integer");
            }
            return node.asLong();
        }

        VersionStatus status() throws CorruptVersionException {
            String name = text("status");
            try {
                return VersionStatus.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw bad("unknown status " + name);
            }
        }

        StoredFile file(String key) throws CorruptVersionException {
            JsonNode entry = document.path("files").path(key);
            String name = entry.path("name").asText(null);
            String sha256 = entry.path("sha256").asText(null);
            if (!StoredFile.isPlainName(name) || !StoredFile.isSha256Hex(sha256)) {
                throw bad("files." + key + " needs a plain name and a lowercase hex sha256");
            }
            return new StoredFile(name, count(entry, "bytes"), sha256);
        }

        CorruptVersionException bad(String detail) {
            return new CorruptVersionException(packageId, version, "manifest.json: " + detail);
        }
    }
}
