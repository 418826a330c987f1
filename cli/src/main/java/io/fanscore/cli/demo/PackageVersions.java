package io.fanscore.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The audience package versions the job has published under the packages directory (see {@code
 * docs/audience-package-files.md}): a version exists once its manifest does.
 */
final class PackageVersions {

    /** The latest published version of one package. */
    record Latest(String packageId, long version, String status, long members) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    PackageVersions(Path root) {
        this.root = root;
    }

    /** Every package with at least one version, by id. */
    List<Latest> latest() {
        List<Latest> latest = new ArrayList<>();
        try (Stream<Path> packages = Files.list(root)) {
            for (Path dir : packages.sorted().toList()) {
                String id = dir.getFileName().toString();
                if (id.startsWith(".")) {
                    continue;
                }
                long version = latestVersion(dir.resolve("versions"));
                if (version > 0) {
                    JsonNode manifest =
                            JSON.readTree(
                                    dir.resolve("versions")
                                            .resolve(Long.toString(version))
                                            .resolve("manifest.json")
                                            .toFile());
                    latest.add(
                            new Latest(
                                    id,
                                    version,
                                    manifest.path("status").asText(),
                                    manifest.path("member_count").asLong()));
                }
            }
        } catch (IOException e) {
            // Not there yet, or a version being published right now: the next look sees it.
        }
        return latest;
    }

    /** Versions are consecutive from 1, so the highest with a manifest is the count too. */
    private static long latestVersion(Path versions) throws IOException {
        if (!Files.isDirectory(versions)) {
            return 0;
        }
        try (Stream<Path> all = Files.list(versions)) {
            return all.filter(v -> Files.exists(v.resolve("manifest.json")))
                    .map(v -> v.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong)
                    .max()
                    .orElse(0);
        }
    }
}
