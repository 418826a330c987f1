package io.fanscore.cli.export;

import io.fanscore.cli.testutils.CliJvm;
import io.fanscore.cli.testutils.PackageJob;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.exporters.Destination;
import io.fanscore.exporters.ExportFormat;
import io.fanscore.exporters.ExportKind;
import io.fanscore.exporters.ExportLog;
import io.fanscore.exporters.ExportRecord;
import io.fanscore.exporters.Exporter;
import io.fanscore.exporters.IdType;
import io.fanscore.packageformat.LocalPackageTree;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.testutils.KafkaTestBroker;

import org.apache.flink.core.execution.JobClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.fanscore.cli.testutils.ExportFiles.maid;
import static io.fanscore.cli.testutils.ExportFiles.treeBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./fanscore export --follow}, in a JVM of its own, following the real job while it runs
 * (MiniCluster, real broker) and publishes a package's versions day by day: below the minimum size
 * first (nothing exported), a FULL, versions coalesced on the 12 h interval into DELTAs, a FULL
 * again on the 2-day refresh. Killed with SIGKILL right as new versions appear and started again,
 * it ends with exactly the files one catch-up run over the final versions writes: nothing skipped,
 * nothing repeated.
 */
class ExportFollowingRunningJobITCase {

    @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

    private static final PackageId PACKAGE = new PackageId("c-followers-maid");
    private static final Instant START = Instant.parse("2026-01-05T04:00:00Z");

    @TempDir Path dir;

    private final List<Process> exporters = new ArrayList<>();

    @Test
    void aFollowingExporterKilledAndRestartedWritesWhatOneCatchUpRunWrites() throws Exception {
        PackageJob job = new PackageJob(KAFKA, "e2e-export-follow", dir);
        job.createTopics();
        JobClient running =
                job.start(
                        "version_interval: 6h\nallow_raw: true\npackages:\n"
                                + "  - {package_id: "
                                + PACKAGE.value()
                                + ", creator_id: c, min_tier: CASUAL, following_required: true,"
                                + " id_format: raw, min_size: 1}\n",
                        null);
        LocalPackageTree tree = new LocalPackageTree(job.packagesDir());
        Path followed = dir.resolve("followed");
        try {
            startExporter(job.packagesDir(), followed);
            // Day 1: three followers, below the export's minimum of five; then ten.
            phase(job, tree, followed, follows(0, 3, 0), 10);
            assertThat(exportsIn(followed)).isEmpty();
            phase(job, tree, followed, follows(3, 10, 11), 20);
            // Day 2: some leave and others come, versions every 6 h, exports every 12 h at most.
            List<Map.Entry<byte[], byte[]>> dayTwo = new ArrayList<>(unfollows(0, 4, 30));
            dayTwo.addAll(follows(10, 16, 36));
            phase(job, tree, followed, dayTwo, 50);

            // Killed as soon as new versions appear, maybe mid-export; then started again.
            List<Map.Entry<byte[], byte[]>> beforeTheKill = new ArrayList<>(follows(16, 20, 56));
            beforeTheKill.add(event("mark-64", 999, InteractionType.LIKE, hour(64)));
            produce(job, beforeTheKill);
            awaitCutoffAfter(tree, 58);
            exporters.remove(0).destroyForcibly().waitFor();
            startExporter(job.packagesDir(), followed);

            // Days 3 to 5: more changes, and the refresh two days after the first FULL.
            phase(job, tree, followed, unfollows(4, 8, 70), 80);
            phase(job, tree, followed, follows(20, 26, 90), 110);
        } finally {
            exporters.forEach(Process::destroyForcibly);
            running.cancel().get();
        }

        List<ExportRecord> records = ExportLog.open(logOf(followed)).exports();
        assertThat(records).extracting(ExportRecord::kind).first().isEqualTo(ExportKind.FULL);
        assertThat(records).extracting(ExportRecord::kind).contains(ExportKind.DELTA);
        assertThat(records.stream().skip(1).map(ExportRecord::kind))
                .as("a refresh after two days")
                .contains(ExportKind.FULL);
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).cutoff() - records.get(i - 1).cutoff())
                    .as("coalesced on the 12 h interval")
                    .isGreaterThanOrEqualTo(Duration.ofHours(12).toMillis());
        }
        assertThat(tree.versions(PACKAGE)).hasSizeGreaterThan(records.size());
        for (ExportRecord record : records) {
            VersionManifest version = tree.manifest(PACKAGE, record.version()).orElseThrow();
            assertThat(version.memberCount())
                    .as("no export below the minimum")
                    .isGreaterThanOrEqualTo(5);
        }
        Path caughtUp = dir.resolve("caught-up");
        new Exporter(tree, caughtUp).exportDue(PACKAGE, destination());
        assertThat(treeBytes(logOf(followed))).isEqualTo(treeBytes(logOf(caughtUp)));
    }

    /**
     * Sends a phase's events and a marker at {@code untilHour}, waits until the job has published
     * the versions up to the marker and the following exporter has caught up with them.
     */
    private void phase(
            PackageJob job,
            LocalPackageTree tree,
            Path followed,
            List<Map.Entry<byte[], byte[]>> events,
            int untilHour)
            throws Exception {
        List<Map.Entry<byte[], byte[]>> all = new ArrayList<>(events);
        all.add(event("mark-" + untilHour, 999, InteractionType.LIKE, hour(untilHour)));
        produce(job, all);
        awaitCutoffAfter(tree, untilHour - 6);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(
                        () -> {
                            Path scratch = Files.createTempDirectory(dir, "catch-up");
                            new Exporter(tree, scratch).exportDue(PACKAGE, destination());
                            assertThat(exportsIn(followed)).isEqualTo(exportsIn(scratch));
                        });
    }

    private void produce(PackageJob job, List<Map.Entry<byte[], byte[]>> events) throws Exception {
        KAFKA.produce(job.topic("interactions"), events);
    }

    private static void awaitCutoffAfter(LocalPackageTree tree, int hour) {
        await().atMost(Duration.ofMinutes(2))
                .until(
                        () -> {
                            var latest = tree.latestVersion(PACKAGE);
                            return latest.isPresent()
                                    && tree.manifest(PACKAGE, latest.getAsInt())
                                                    .orElseThrow()
                                                    .cutoff()
                                            >= hour(hour).toEpochMilli();
                        });
    }

    private void startExporter(Path packages, Path out) throws Exception {
        List<String> command =
                CliJvm.command(
                        dir,
                        List.of(),
                        List.of(
                                "export",
                                "--package",
                                PACKAGE.value(),
                                "--to",
                                "meta-custom-audience",
                                "--id-type",
                                "maid",
                                "--packages",
                                packages.toString(),
                                "--out",
                                out.toString(),
                                "--min-size",
                                "5",
                                "--min-interval",
                                "12h",
                                "--refresh-interval",
                                "2d",
                                "--follow",
                                "--poll",
                                "100ms"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(dir.resolve("exporter.log").toFile()));
        exporters.add(builder.start());
    }

    /** The destination the CLI is given, for the catch-up runs. */
    private static Destination destination() {
        return new Destination(
                "meta-custom-audience",
                ExportFormat.META_CUSTOM_AUDIENCE,
                IdType.MAID,
                5,
                Duration.ofHours(12),
                Duration.ofDays(2));
    }

    private static Path logOf(Path out) {
        return out.resolve(PACKAGE.value()).resolve("meta-custom-audience");
    }

    private static List<String> exportsIn(Path out) throws Exception {
        Path log = logOf(out);
        if (!Files.isDirectory(log)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(log)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static List<Map.Entry<byte[], byte[]>> follows(int from, int to, int atHour) {
        List<Map.Entry<byte[], byte[]>> events = new ArrayList<>();
        for (int fan = from; fan < to; fan++) {
            events.add(
                    event("follow-" + fan, fan, InteractionType.FOLLOW, hour(atHour + fan - from)));
        }
        return events;
    }

    private static List<Map.Entry<byte[], byte[]>> unfollows(int from, int to, int atHour) {
        List<Map.Entry<byte[], byte[]>> events = new ArrayList<>();
        for (int fan = from; fan < to; fan++) {
            events.add(
                    event(
                            "unfollow-" + fan,
                            fan,
                            InteractionType.UNFOLLOW,
                            hour(atHour + fan - from)));
        }
        return events;
    }

    private static Instant hour(int hour) {
        return START.plus(Duration.ofHours(hour));
    }

    private static Map.Entry<byte[], byte[]> event(
            String id, int fan, InteractionType type, Instant at) {
        InteractionEvent event =
                InteractionEvent.newBuilder()
                        .setEventId(id)
                        .setCreatorId("c")
                        .setFanId(maid(fan))
                        .setType(type)
                        .setEventTime(at)
                        .build();
        return Map.entry(
                "c".getBytes(StandardCharsets.UTF_8),
                new SingleObjectCodec<>(InteractionEvent.class).encode(event));
    }
}
