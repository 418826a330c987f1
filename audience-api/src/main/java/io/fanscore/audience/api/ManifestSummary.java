package io.fanscore.audience.api;

import io.fanscore.packageformat.VersionManifest;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * What the package listing shows of a version: the manifest's fields as written, no file details.
 */
final class ManifestSummary {

    private static final List<String> FIELDS =
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

    private ManifestSummary() {}

    static ObjectNode of(VersionManifest manifest) {
        ObjectNode summary = ResponseBodies.object();
        for (String field : FIELDS) {
            Optional.ofNullable(manifest.document().get(field))
                    .ifPresent(value -> summary.set(field, value));
        }
        return summary;
    }
}
