package io.fanscore.cli.demo;

import io.fanscore.packageformat.FormatException;
import io.fanscore.packageformat.LocalPackageTree;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The audience package versions the job has published under the packages directory (see {@code
 * docs/audience-package-files.md}), read through the shared format's reader.
 */
final class PackageVersions {

    /** The latest published version of one package. */
    record Latest(String packageId, long version, String status, long members) {}

    private final LocalPackageTree tree;

    PackageVersions(Path root) {
        this.tree = new LocalPackageTree(root);
    }

    /** Every package with at least one version, by id. */
    List<Latest> latest() {
        List<Latest> latest = new ArrayList<>();
        try (Stream<Path> packages = Files.list(tree.root())) {
            for (Path dir : packages.sorted().toList()) {
                String name = dir.getFileName().toString();
                if (!PackageId.isValid(name)) {
                    continue; // the staging area
                }
                PackageId id = new PackageId(name);
                OptionalInt version = tree.latestVersion(id);
                if (version.isPresent()) {
                    // Empty if retired since the listing: the next look sees a later one.
                    tree.manifest(id, version.getAsInt())
                            .ifPresent(manifest -> latest.add(summary(manifest)));
                }
            }
        } catch (IOException | FormatException e) {
            // Not there yet: the next look sees it.
        }
        return latest;
    }

    private static Latest summary(VersionManifest manifest) {
        return new Latest(
                manifest.packageId().value(),
                manifest.version(),
                manifest.status().name(),
                manifest.memberCount());
    }
}
