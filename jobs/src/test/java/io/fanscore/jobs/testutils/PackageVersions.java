package io.fanscore.jobs.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the published versions of a package the way a consumer of docs/audience-package-files.md
 * would, checking each file against its manifest on the way.
 */
public final class PackageVersions {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One published version. */
    public record Version(
            int number, JsonNode manifest, List<String> members, List<String> changes) {
        public long cutoff() {
            return manifest.get("cutoff").asLong();
        }

        public String status() {
            return manifest.get("status").asText();
        }
    }

    private PackageVersions() {}

    /** Every version with a manifest, in version order. */
    public static List<Version> of(Path root, String packageId) throws Exception {
        Path versions = root.resolve(packageId).resolve("versions");
        if (!Files.isDirectory(versions)) {
            return List.of();
        }
        List<Integer> numbers;
        try (Stream<Path> dirs = Files.list(versions)) {
            numbers =
                    dirs.filter(d -> Files.exists(d.resolve("manifest.json")))
                            .map(d -> Integer.parseInt(d.getFileName().toString()))
                            .sorted()
                            .toList();
        }
        List<Version> result = new ArrayList<>();
        for (int number : numbers) {
            Path dir = versions.resolve(Integer.toString(number));
            JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
            result.add(
                    new Version(
                            number,
                            manifest,
                            lines(dir, manifest.at("/files/members")),
                            lines(dir, manifest.at("/files/changes"))));
        }
        return result;
    }

    /**
     * Asserts SPEC §8's invariant over consecutive versions 1..n: members(v) = members(v−1) +
     * added(v) − removed(v), with sorted files and BELOW_MIN_SIZE versions listing nobody.
     */
    public static void assertConsistent(List<Version> versions) {
        Set<String> previous = new LinkedHashSet<>();
        int expectedNumber = 1;
        for (Version version : versions) {
            assertThat(version.number()).as("consecutive versions").isEqualTo(expectedNumber++);
            assertThat(version.members()).as("sorted members").isSorted();
            Set<String> next = new LinkedHashSet<>(previous);
            for (String change : version.changes()) {
                String id = change.substring(1);
                if (change.charAt(0) == '+') {
                    assertThat(next.add(id)).as("added %s was not a member", id).isTrue();
                } else {
                    assertThat(next.remove(id)).as("removed %s was a member", id).isTrue();
                }
            }
            assertThat(new ArrayList<>(next.stream().sorted().toList()))
                    .as(
                            "version %d = version %d + added − removed",
                            version.number(), version.number() - 1)
                    .isEqualTo(version.members());
            assertThat(version.manifest().get("member_count").asLong())
                    .isEqualTo(version.members().size());
            if (version.status().equals("BELOW_MIN_SIZE")) {
                assertThat(version.members()).isEmpty();
            }
            previous = next;
        }
    }

    private static List<String> lines(Path dir, JsonNode file) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve(file.get("name").asText()));
        assertThat(bytes.length).isEqualTo(file.get("bytes").asLong());
        assertThat(sha256(bytes)).isEqualTo(file.get("sha256").asText());
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
