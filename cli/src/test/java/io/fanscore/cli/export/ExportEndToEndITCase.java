package io.fanscore.cli.export;

import io.fanscore.cli.testutils.PackageJob;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.exporters.Destination;
import io.fanscore.exporters.ExportFormat;
import io.fanscore.exporters.ExportKind;
import io.fanscore.exporters.ExportLog;
import io.fanscore.exporters.ExportRecord;
import io.fanscore.exporters.Exporter;
import io.fanscore.exporters.IdType;
import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.LocalPackageTree;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.testutils.KafkaTestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.fanscore.cli.testutils.ExportFiles.madids;
import static io.fanscore.cli.testutils.ExportFiles.maid;
import static io.fanscore.cli.testutils.ExportFiles.treeBytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporter over what the real job wrote: a bounded replay on a MiniCluster against a real
 * broker writes four days of versions of a package of raw mobile advertising ids; exported to a
 * Meta customer list on a 12 h schedule with a 2-day refresh and a minimum of 7, the audience
 * rebuilt from the files alone (FULLs replace, DELTAs add and remove) equals the job's version at
 * every export, and a rerun after a crash mid-export writes exactly what an uninterrupted one did.
 */
class ExportEndToEndITCase {

    @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

    private static final PackageId PACKAGE = new PackageId("c-followers-maid");
    private static final long HOUR = Duration.ofHours(1).toMillis();

    @TempDir Path dir;

    @Test
    void exportsRebuildTheJobsVersionsAndAResumedRunEqualsAnUninterruptedOne() throws Exception {
        Path packages = writeVersionsWithTheJob();
        LocalPackageTree tree = new LocalPackageTree(packages);
        Destination meta =
                new Destination(
                        "meta",
                        ExportFormat.META_CUSTOM_AUDIENCE,
                        IdType.MAID,
                        7,
                        Duration.ofHours(12),
                        Duration.ofDays(2));
        Path out = dir.resolve("exports");

        List<ExportRecord> exports = new Exporter(tree, out).exportDue(PACKAGE, meta);

        assertThat(tree.versions(PACKAGE)).hasSizeGreaterThan(exports.size());
        assertThat(exports).first().extracting(ExportRecord::kind).isEqualTo(ExportKind.FULL);
        assertThat(exports).extracting(ExportRecord::kind).contains(ExportKind.DELTA);
        assertThat(exports.stream().skip(1).filter(e -> e.kind() == ExportKind.FULL)).isNotEmpty();
        TreeSet<String> audience = new TreeSet<>();
        Path log = out.resolve(PACKAGE.value()).resolve("meta");
        ExportRecord previous = null;
        for (ExportRecord export : exports) {
            VersionManifest version = tree.manifest(PACKAGE, export.version()).orElseThrow();
            assertThat(version.memberCount()).isGreaterThanOrEqualTo(7);
            if (previous != null) {
                assertThat(export.cutoff() - previous.cutoff()).isGreaterThanOrEqualTo(12 * HOUR);
                if (export.kind() == ExportKind.DELTA) {
                    assertThat(export.fromVersion()).isEqualTo(previous.version());
                }
            }
            Path files =
                    log.resolve(
                            ExportLog.nameOf(export.sequence(), export.kind(), export.version()));
            if (export.kind() == ExportKind.FULL) {
                audience = new TreeSet<>(madids(files.resolve("members.csv")));
            } else {
                audience.addAll(madids(files.resolve("add.csv")));
                audience.removeAll(madids(files.resolve("remove.csv")));
            }
            assertThat(audience)
                    .as("audience after export %d", export.sequence())
                    .containsExactlyElementsOf(tree.lines(version, FileRole.MEMBERS));
            previous = export;
        }

        // Killed while writing the last two exports: the one before them staged, never renamed.
        Path resumedOut = dir.resolve("resumed");
        new Exporter(tree, resumedOut).exportDue(PACKAGE, meta);
        Path resumedLog = resumedOut.resolve(PACKAGE.value()).resolve("meta");
        List<Path> dirs = exportDirs(resumedLog);
        deleteTree(dirs.get(dirs.size() - 1));
        Path interrupted = dirs.get(dirs.size() - 2);
        Files.delete(interrupted.resolve(ExportLog.RECORD));
        Files.move(interrupted, resumedLog.resolve("." + interrupted.getFileName() + ".partial"));

        List<ExportRecord> resumed = new Exporter(tree, resumedOut).exportDue(PACKAGE, meta);

        assertThat(resumed)
                .containsExactlyElementsOf(exports.subList(exports.size() - 2, exports.size()));
        assertThat(treeBytes(resumedLog)).isEqualTo(treeBytes(log));
    }

    /** The job, bounded, over four days of a creator's follows: versions every 6 h. */
    private Path writeVersionsWithTheJob() throws Exception {
        SingleObjectCodec<InteractionEvent> codec = new SingleObjectCodec<>(InteractionEvent.class);
        Instant start = Instant.parse("2026-01-05T04:00:00Z");
        List<Map.Entry<byte[], byte[]>> events = new ArrayList<>();
        for (int fan = 0; fan < 10; fan++) {
            events.add(event(codec, fan, InteractionType.FOLLOW, start.plusMillis(HOUR * fan)));
        }
        for (int fan = 0; fan < 4; fan++) {
            events.add(
                    event(
                            codec,
                            fan,
                            InteractionType.UNFOLLOW,
                            start.plusMillis(HOUR * (24 + fan))));
        }
        for (int fan = 10; fan < 16; fan++) {
            events.add(
                    event(codec, fan, InteractionType.FOLLOW, start.plusMillis(HOUR * (40 + fan))));
        }
        events.add(event(codec, 9, InteractionType.LIKE, start.plusMillis(HOUR * 96)));
        return new PackageJob(KAFKA, "e2e-export", dir)
                .run(
                        events,
                        "version_interval: 6h\nallow_raw: true\npackages:\n"
                                + "  - {package_id: "
                                + PACKAGE.value()
                                + ", creator_id: c, min_tier: CASUAL, following_required: true,"
                                + " id_format: raw, min_size: 1}\n",
                        null);
    }

    private static Map.Entry<byte[], byte[]> event(
            SingleObjectCodec<InteractionEvent> codec, int fan, InteractionType type, Instant at) {
        InteractionEvent event =
                InteractionEvent.newBuilder()
                        .setEventId("e-" + fan + "-" + type + "-" + at.toEpochMilli())
                        .setCreatorId("c")
                        .setFanId(maid(fan))
                        .setType(type)
                        .setEventTime(at)
                        .build();
        return Map.entry("c".getBytes(StandardCharsets.UTF_8), codec.encode(event));
    }

    private static List<Path> exportDirs(Path log) throws Exception {
        try (Stream<Path> entries = Files.list(log)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
