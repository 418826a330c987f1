package io.fanscore.jobs.testutils;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.LocalPackageTree;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;
import io.fanscore.packageformat.VersionStatus;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the published versions of a package through the shared format's reader, which checks each
 * file against its manifest on the way.
 */
public final class PackageVersions {

    /** One published version. */
    public record Version(
            int number, VersionManifest manifest, List<String> members, List<String> changes) {
        public long cutoff() {
            return manifest.cutoff();
        }

        public String status() {
            return manifest.status().name();
        }
    }

    private PackageVersions() {}

    /** Every version with a manifest, in version order. */
    public static List<Version> of(Path root, String packageId) throws Exception {
        LocalPackageTree tree = new LocalPackageTree(root);
        PackageId id = new PackageId(packageId);
        List<Version> result = new ArrayList<>();
        for (int number : tree.versions(id)) {
            VersionManifest manifest = tree.manifest(id, number).orElseThrow();
            result.add(
                    new Version(
                            number,
                            manifest,
                            tree.lines(manifest, FileRole.MEMBERS),
                            tree.lines(manifest, FileRole.CHANGES)));
        }
        return result;
    }

    /** The members of a package by {@code cutoff}: its deltas stamped before it, in time order. */
    public static TreeSet<String> membersBefore(
            List<AudienceDelta> deltas, String packageId, long cutoff) {
        List<AudienceDelta> ordered =
                deltas.stream()
                        .filter(d -> d.getPackageId().equals(packageId))
                        .filter(d -> d.getEventTime().toEpochMilli() < cutoff)
                        .sorted(Comparator.comparing(AudienceDelta::getEventTime))
                        .toList();
        TreeSet<String> members = new TreeSet<>();
        for (AudienceDelta delta : ordered) {
            if (delta.getOp() == DeltaOp.ADD) {
                members.add(delta.getMemberId());
            } else {
                members.remove(delta.getMemberId());
            }
        }
        return members;
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
            assertThat(version.manifest().memberCount()).isEqualTo(version.members().size());
            if (version.manifest().status() == VersionStatus.BELOW_MIN_SIZE) {
                assertThat(version.members()).isEmpty();
            }
            previous = next;
        }
    }
}
