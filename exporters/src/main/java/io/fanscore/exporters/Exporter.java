package io.fanscore.exporters;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.FormatException;
import io.fanscore.packageformat.IdFileCheck;
import io.fanscore.packageformat.IdLineReader;
import io.fanscore.packageformat.LocalPackageTree;
import io.fanscore.packageformat.MemberDiff;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Exports one package to one destination: reads the package tree (only through the shared format
 * code, never the job's state), plans with {@link ExportPlanner}, writes each export with the
 * destination's format, and records it in the {@link ExportLog} under {@code out}.
 */
public final class Exporter {

    private final LocalPackageTree tree;
    private final Path out;

    public Exporter(LocalPackageTree tree, Path out) {
        this.tree = tree;
        this.out = out;
    }

    /** Where the exports of {@code packageId} to {@code destination} are. */
    public Path exportsOf(PackageId packageId, Destination destination) {
        return out.resolve(packageId.value()).resolve(destination.name());
    }

    /** Every export due now, in order; what was exported (empty when nothing was due). */
    public List<ExportRecord> exportDue(PackageId packageId, Destination destination)
            throws IOException, FormatException {
        ExportLog log = ExportLog.open(exportsOf(packageId, destination));
        ExportPlanner planner = new ExportPlanner(destination);
        List<ExportRecord> done = new ArrayList<>();
        while (true) {
            List<VersionManifest> versions = manifests(packageId);
            Optional<ExportPlan> plan =
                    planner.next(versions, log.last().orElse(null), log.lastFull().orElse(null));
            if (plan.isEmpty()) {
                return done;
            }
            done.add(export(log, packageId, destination, largeEnough(plan.get(), destination)));
        }
    }

    /**
     * The plan, or a FULL of its version when the destination's files must hold more ids than the
     * DELTA's add or remove file would (TikTok takes no file of fewer than 1 000).
     */
    private ExportPlan largeEnough(ExportPlan plan, Destination destination)
            throws IOException, FormatException {
        if (plan.kind() != ExportKind.DELTA || destination.minIdsPerFile() <= 1) {
            return plan;
        }
        long[] changes = new long[2];
        try (InputStream before = open(plan.from(), FileRole.MEMBERS);
                InputStream after = open(plan.to(), FileRole.MEMBERS)) {
            MemberDiff.between(before, after, (joined, id) -> changes[joined ? 0 : 1]++);
        }
        for (long count : changes) {
            if (count > 0 && count < destination.minIdsPerFile()) {
                return plan.asFull();
            }
        }
        return plan;
    }

    private ExportRecord export(
            ExportLog log, PackageId packageId, Destination destination, ExportPlan plan)
            throws IOException, FormatException {
        int sequence = log.nextSequence();
        VersionManifest to = plan.to();
        Path staging = log.stage(ExportLog.nameOf(sequence, plan.kind(), to.version()));
        AudienceFileWriter writer =
                destination
                        .format()
                        .open(staging, plan.kind(), to.idFormat(), destination.idType());
        long[] counts = new long[3];
        if (plan.kind() == ExportKind.FULL) {
            try (InputStream members = open(to, FileRole.MEMBERS)) {
                IdLineReader reader = new IdLineReader(members);
                for (byte[] id = reader.next(); id != null; id = reader.next()) {
                    writer.member(new String(id, StandardCharsets.UTF_8));
                    counts[0]++;
                }
            }
        } else {
            try (InputStream before = open(plan.from(), FileRole.MEMBERS);
                    InputStream after = open(to, FileRole.MEMBERS)) {
                MemberDiff.between(
                        before,
                        after,
                        (joined, id) -> {
                            String member = new String(id, StandardCharsets.UTF_8);
                            if (joined) {
                                writer.added(member);
                                counts[1]++;
                            } else {
                                writer.removed(member);
                                counts[2]++;
                            }
                        });
            }
            counts[0] = to.memberCount();
        }
        List<ExportRecord.WrittenFile> files = writer.finish();
        ExportRecord record =
                new ExportRecord(
                        sequence,
                        plan.kind(),
                        packageId.value(),
                        destination.name(),
                        destination.format(),
                        to.version(),
                        plan.from() == null ? 0 : plan.from().version(),
                        to.cutoff(),
                        counts[0],
                        plan.kind() == ExportKind.FULL ? counts[0] : counts[1],
                        counts[2],
                        files);
        log.commit(staging, record);
        return record;
    }

    private List<VersionManifest> manifests(PackageId packageId)
            throws IOException, FormatException {
        List<VersionManifest> manifests = new ArrayList<>();
        for (int version : tree.versions(packageId)) {
            tree.manifest(packageId, version).ifPresent(manifests::add);
        }
        return manifests;
    }

    /**
     * A version's id file, decompressed, once it has been checked against its manifest (size,
     * SHA-256, sorted lines, counts): nothing half-written or damaged is exported.
     */
    private InputStream open(VersionManifest manifest, FileRole role)
            throws IOException, FormatException {
        Path file = tree.file(manifest, role);
        if (!Files.isRegularFile(file)) {
            throw new FormatException(
                    "version "
                            + manifest.version()
                            + " of "
                            + manifest.packageId()
                            + " has no "
                            + role.fileName());
        }
        try (InputStream stored = Files.newInputStream(file)) {
            IdFileCheck.verify(stored, manifest, role);
        }
        return new GZIPInputStream(Files.newInputStream(file), 1 << 16);
    }
}
