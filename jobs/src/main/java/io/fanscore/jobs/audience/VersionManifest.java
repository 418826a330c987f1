package io.fanscore.jobs.audience;

import io.fanscore.audience.PackageDefinition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** The manifest.json of a package version (docs/audience-package-files.md). */
final class VersionManifest {

    static final String PUBLISHED = "PUBLISHED";
    static final String BELOW_MIN_SIZE = "BELOW_MIN_SIZE";
    static final String FORMAT = "gzip; UTF-8 text; one id per line; sorted by bytes";

    private static final ObjectMapper JSON = new ObjectMapper();

    private VersionManifest() {}

    static String json(
            PackageDefinition definition,
            int version,
            long cutoff,
            boolean published,
            long memberCount,
            long added,
            long removed,
            VersionFile.Written members,
            VersionFile.Written changes) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("package_id", definition.packageId());
        manifest.put("version", version);
        manifest.put("creator_id", definition.creatorId());
        manifest.put("cutoff", cutoff);
        manifest.put("cutoff_utc", Instant.ofEpochMilli(cutoff).toString());
        manifest.put("status", published ? PUBLISHED : BELOW_MIN_SIZE);
        manifest.put("id_format", definition.idFormat().configName());
        manifest.put("member_count", published ? memberCount : 0);
        manifest.put("added_count", added);
        manifest.put("removed_count", removed);
        manifest.put("min_size", definition.minSize());
        ObjectNode files = manifest.putObject("files");
        file(files, "members", members);
        file(files, "changes", changes);
        manifest.put("format", FORMAT);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    private static void file(ObjectNode files, String role, VersionFile.Written written) {
        ObjectNode node = files.putObject(role);
        node.put("name", written.name());
        node.put("bytes", written.bytes());
        node.put("sha256", written.sha256());
    }
}
