package io.fanscore.exporters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One export as recorded in its {@code export.json}: which version, against which, and the files
 * written with their sizes and SHA-256, so that an upload can be checked against it.
 *
 * @param sequence 1, 2, 3, … per package and destination
 * @param fromVersion the version a DELTA is taken against; 0 for a FULL
 * @param cutoff the exported version's cut-off (epoch ms)
 */
public record ExportRecord(
        int sequence,
        ExportKind kind,
        String packageId,
        String destination,
        ExportFormat format,
        int version,
        int fromVersion,
        long cutoff,
        long members,
        long added,
        long removed,
        List<WrittenFile> files) {

    /** A file of the export. */
    public record WrittenFile(String name, long bytes, String sha256, long ids) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("sequence", sequence);
        node.put("kind", kind.name());
        node.put("package_id", packageId);
        node.put("destination", destination);
        node.put("format", format.configName());
        node.put("version", version);
        node.put("from_version", fromVersion);
        node.put("cutoff", cutoff);
        node.put("members", members);
        node.put("added", added);
        node.put("removed", removed);
        ArrayNode written = node.putArray("files");
        for (WrittenFile file : files) {
            written.addObject()
                    .put("name", file.name())
                    .put("bytes", file.bytes())
                    .put("sha256", file.sha256())
                    .put("ids", file.ids());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    }

    public static ExportRecord parse(String json) throws IOException {
        JsonNode node = JSON.readTree(json);
        List<WrittenFile> files = new ArrayList<>();
        for (JsonNode file : node.path("files")) {
            files.add(
                    new WrittenFile(
                            file.path("name").asText(),
                            file.path("bytes").asLong(),
                            file.path("sha256").asText(),
                            file.path("ids").asLong()));
        }
        return new ExportRecord(
                node.path("sequence").asInt(),
                ExportKind.valueOf(node.path("kind").asText()),
                node.path("package_id").asText(),
                node.path("destination").asText(),
                ExportFormat.named(node.path("format").asText()),
                node.path("version").asInt(),
                node.path("from_version").asInt(),
                node.path("cutoff").asLong(),
                node.path("members").asLong(),
                node.path("added").asLong(),
                node.path("removed").asLong(),
                List.copyOf(files));
    }
}
