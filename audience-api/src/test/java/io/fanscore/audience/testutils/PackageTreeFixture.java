package io.fanscore.audience.testutils;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * Writes package versions exactly as docs/audience-package-files.md describes them, the way the job
 * does: members and changes (gzip, sorted by bytes), then manifest.json last. It remembers the last
 * published snapshot of each package to write the changes.
 */
public final class PackageTreeFixture {

    public static final long FIRST_CUTOFF = 1767225600000L; // 2026-01-01T00:00:00Z
    public static final long VERSION_INTERVAL_MS = 3_600_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Map<String, List<byte[]>> published = new HashMap<>();

    public PackageTreeFixture(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The next version of a package with these members, below {@code minSize} withheld. */
    public WrittenVersion write(
            String packageId,
            int version,
            Collection<String> members,
            int minSize,
            String idFormat) {
        List<byte[]> snapshot = sortedUnique(members);
        boolean belowMinSize = snapshot.size() < minSize;
        if (belowMinSize) {
            snapshot = List.of();
        }
        List<byte[]> before = published.getOrDefault(packageId, List.of());
        List<String> changes = changes(before, snapshot);
        Path dir = versionDir(packageId, version);
        try {
            Files.createDirectories(dir);
            FileEntry membersFile =
                    writeGzipLines(dir.resolve("members.txt.gz"), asLines(snapshot));
            FileEntry changesFile = writeGzipLines(dir.resolve("changes.txt.gz"), changes);
            long added = changes.stream().filter(line -> line.startsWith("+")).count();
            ObjectNode manifest = JSON.createObjectNode();
            long cutoff = FIRST_CUTOFF + (version - 1) * VERSION_INTERVAL_MS;
            manifest.put("package_id", packageId)
                    .put("version", version)
                    .put("creator_id", "creator-of-" + packageId)
                    .put("cutoff", cutoff)
                    .put("cutoff_utc", Instant.ofEpochMilli(cutoff).toString())
                    .put("status", belowMinSize ? "BELOW_MIN_SIZE" : "PUBLISHED")
                    .put("id_format", idFormat)
                    .put("member_count", snapshot.size())
                    .put("added_count", added)
                    .put("removed_count", changes.size() - added)
                    .put("min_size", minSize);
            ObjectNode files = manifest.putObject("files");
            membersFile.putInto(files.putObject("members"));
            changesFile.putInto(files.putObject("changes"));
            manifest.put("format", "gzip; UTF-8 text; one id per line; sorted by bytes");
            // Written last: the version exists from this moment on.
            Files.write(
                    dir.resolve("manifest.json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            published.put(packageId, snapshot);
            return new WrittenVersion(dir, membersFile, changesFile, snapshot.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path versionDir(String packageId, int version) {
        return root.resolve(packageId).resolve("versions").resolve(Integer.toString(version));
    }

    /** {@code n} distinct ids as the job writes them for id_format sha256. */
    public static List<String> sha256Ids(String salt, int from, int count) {
        MessageDigest sha256 = sha256();
        HexFormat hex = HexFormat.of();
        List<String> ids = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            ids.add(
                    hex.formatHex(
                            sha256.digest((salt + "fan-" + i).getBytes(StandardCharsets.UTF_8))));
        }
        return ids;
    }

    private static List<byte[]> sortedUnique(Collection<String> members) {
        TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
        members.forEach(id -> sorted.add(id.getBytes(StandardCharsets.UTF_8)));
        return new ArrayList<>(sorted);
    }

    private static List<String> changes(List<byte[]> before, List<byte[]> after) {
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < before.size() || j < after.size()) {
            int order =
                    i == before.size()
                            ? 1
                            : j == after.size()
                                    ? -1
                                    : Arrays.compareUnsigned(before.get(i), after.get(j));
            if (order == 0) {
                i++;
                j++;
            } else if (order < 0) {
                lines.add("-" + new String(before.get(i++), StandardCharsets.UTF_8));
            } else {
                lines.add("+" + new String(after.get(j++), StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    private static List<String> asLines(List<byte[]> ids) {
        List<String> lines = new ArrayList<>(ids.size());
        ids.forEach(id -> lines.add(new String(id, StandardCharsets.UTF_8)));
        return lines;
    }

    private static FileEntry writeGzipLines(Path file, List<String> lines) throws IOException {
        MessageDigest sha256 = sha256();
        try (OutputStream out =
                new GZIPOutputStream(
                        new BufferedOutputStream(
                                new DigestOutputStream(Files.newOutputStream(file), sha256),
                                64 * 1024),
                        64 * 1024)) {
            for (String line : lines) {
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        return new FileEntry(
                file.getFileName().toString(),
                Files.size(file),
                HexFormat.of().formatHex(sha256.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file as the manifest lists it. */
    public record FileEntry(String name, long bytes, String sha256) {
        void putInto(ObjectNode node) {
            node.put("name", name).put("bytes", bytes).put("sha256", sha256);
        }
    }

    /** What one {@link #write} produced. */
    public record WrittenVersion(Path dir, FileEntry members, FileEntry changes, int memberCount) {
        public Path membersFile() {
            return dir.resolve(members.name());
        }

        public Path changesFile() {
            return dir.resolve(changes.name());
        }

        public Path manifestFile() {
            return dir.resolve("manifest.json");
        }
    }
}
