package io.fanscore.packageformat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A version's {@code manifest.json} (docs/audience-package-files.md): written by {@link #of} and
 * {@link #toJson}, read back by {@link #parse}. The JSON document is kept beside the fields, so
 * that a reader serves it as written, with fields it does not know about.
 */
public record VersionManifest(
        PackageId packageId,
        int version,
        String creatorId,
        long cutoff,
        VersionStatus status,
        IdFormat idFormat,
        long memberCount,
        long addedCount,
        long removedCount,
        long minSize,
        StoredFile members,
        StoredFile changes,
        JsonNode document) {

    /** What the {@code format} field says, for a person reading a manifest. */
    public static final String FORMAT = "gzip; UTF-8 text; one id per line; sorted by bytes";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A new version's manifest; a withheld version has member_count 0 whatever its audience. */
    public static VersionManifest of(
            PackageId packageId,
            int version,
            String creatorId,
            long cutoff,
            VersionStatus status,
            IdFormat idFormat,
            long memberCount,
            long addedCount,
            long removedCount,
            long minSize,
            StoredFile members,
            StoredFile changes) {
        long shownCount = status == VersionStatus.PUBLISHED ? memberCount : 0;
        ObjectNode document = JSON.createObjectNode();
        document.put("package_id", packageId.value());
        document.put("version", version);
        document.put("creator_id", creatorId);
        document.put("cutoff", cutoff);
        document.put("cutoff_utc", Instant.ofEpochMilli(cutoff).toString());
        document.put("status", status.name());
        document.put("id_format", idFormat.formatName());
        document.put("member_count", shownCount);
        document.put("added_count", addedCount);
        document.put("removed_count", removedCount);
        document.put("min_size", minSize);
        ObjectNode files = document.putObject("files");
        put(files.putObject(FileRole.MEMBERS.manifestKey()), members);
        put(files.putObject(FileRole.CHANGES.manifestKey()), changes);
        document.put("format", FORMAT);
        return new VersionManifest(
                packageId,
                version,
                creatorId,
                cutoff,
                status,
                idFormat,
                shownCount,
                addedCount,
                removedCount,
                minSize,
                members,
                changes,
                document);
    }

    /** The manifest as the file holds it: pretty-printed JSON. */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    /** Equal fields make equal manifests; the document's number types vary with how it was made. */
    @Override
    public boolean equals(Object other) {
        return other instanceof VersionManifest that && fields().equals(that.fields());
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    private List<Object> fields() {
        return Arrays.asList(
                packageId,
                version,
                creatorId,
                cutoff,
                status,
                idFormat,
                memberCount,
                addedCount,
                removedCount,
                minSize,
                members,
                changes);
    }

    /** The file of {@code role}. */
    public StoredFile file(FileRole role) {
        return role == FileRole.MEMBERS ? members : changes;
    }

    /** Parses and checks a manifest found at {@code <packageId>/versions/<version>/}. */
    public static VersionManifest parse(byte[] json, PackageId packageId, int version)
            throws FormatException {
        JsonNode document;
        try {
            document = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new FormatException("manifest.json is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FormatException("manifest.json unreadable", e);
        }
        Fields fields = new Fields(document);
        if (!packageId.value().equals(fields.text("package_id"))) {
            throw Fields.bad("package_id does not match its directory");
        }
        if (fields.count("version") != version) {
            throw Fields.bad("version does not match its directory");
        }
        VersionStatus status = fields.status();
        IdFormat idFormat =
                IdFormat.named(fields.text("id_format"))
                        .orElseThrow(() -> Fields.bad("unknown id_format"));
        long memberCount = fields.count("member_count");
        if (status == VersionStatus.BELOW_MIN_SIZE && memberCount != 0) {
            throw Fields.bad("a BELOW_MIN_SIZE version must have member_count 0");
        }
        return new VersionManifest(
                packageId,
                version,
                fields.text("creator_id"),
                fields.count("cutoff"),
                status,
                idFormat,
                memberCount,
                fields.count("added_count"),
                fields.count("removed_count"),
                fields.count("min_size"),
                fields.file(FileRole.MEMBERS),
                fields.file(FileRole.CHANGES),
                document);
    }

    public static VersionManifest parse(String json, PackageId packageId, int version)
            throws FormatException {
        return parse(json.getBytes(StandardCharsets.UTF_8), packageId, version);
    }

    private static void put(ObjectNode node, StoredFile file) {
        node.put("name", file.name());
        node.put("bytes", file.bytes());
        node.put("sha256", file.sha256());
    }

    /** Typed access to the manifest's fields, failing with the name of the field. */
    private record Fields(JsonNode document) {

        String text(String field) throws FormatException {
            JsonNode node = document.path(field);
            if (!node.isTextual()) {
                throw bad(field + " missing or not a string");
            }
            return node.asText();
        }

        long count(String field) throws FormatException {
            return count(document, field);
        }

        static long count(JsonNode parent, String field) throws FormatException {
            JsonNode node = parent.path(field);
            if (!node.canConvertToExactIntegral()
                    || !node.canConvertToLong()
                    || node.asLong() < 0) {
                throw bad(field + " missing or not a non-negative integer");
            }
            return node.asLong();
        }

        VersionStatus status() throws FormatException {
            String name = text("status");
            try {
                return VersionStatus.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw bad("unknown status " + name);
            }
        }

        StoredFile file(FileRole role) throws FormatException {
            JsonNode entry = document.path("files").path(role.manifestKey());
            String name = entry.path("name").asText(null);
            String sha256 = entry.path("sha256").asText(null);
            if (!StoredFile.isPlainName(name) || !StoredFile.isSha256Hex(sha256)) {
                throw bad(
                        "files."
                                + role.manifestKey()
                                + " needs a plain name and a lowercase hex sha256");
            }
            return new StoredFile(name, count(entry, "bytes"), sha256);
        }

        static FormatException bad(String detail) {
            return new FormatException("manifest.json: " + detail);
        }
    }
}
