package io.fanscore.exporters;

import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.LocalPackageTreeWriter;
import io.fanscore.packageformat.PackageId;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Exports follow a package tree: a first FULL, DELTAs between exported versions, a FULL again on
 * the refresh interval, nothing below the platform's minimum, versions coalesced on the
 * destination's interval; a rerun after a crash neither skips nor repeats a version.
 */
class ExporterTest {

    private static final PackageId PACKAGE = new PackageId("acme-devoted");
    private static final long HOUR = Duration.ofHours(1).toMillis();

    @TempDir Path root;
    @TempDir Path out;

    private LocalPackageTreeWriter tree;
    private Exporter exporter;

    private void open() {
        tree = new LocalPackageTreeWriter(root);
        exporter = new Exporter(tree.tree(), out);
    }

    @Test
    void aFirstFullThenDeltasBetweenExportedVersionsThenARefresh() throws Exception {
        open();
        Destination google =
                new Destination(
                        "google",
                        ExportFormat.GOOGLE_CUSTOMER_MATCH,
                        IdType.EMAIL,
                        10,
                        Duration.ZERO,
                        Duration.ofHours(2));
        version(1, 0, fans(0, 12));
        assertThat(exporter.exportDue(PACKAGE, google))
                .extracting(ExportRecord::kind, ExportRecord::version, ExportRecord::added)
                .containsExactly(tuple(ExportKind.FULL, 1, 12L));
        version(2, HOUR, fans(2, 15)); // 0, 1 leave; 12, 13, 14 join
        version(3, 2 * HOUR, fans(2, 16));

        List<ExportRecord> next = exporter.exportDue(PACKAGE, google);

        assertThat(next)
                .extracting(
                        ExportRecord::sequence,
                        ExportRecord::kind,
                        ExportRecord::fromVersion,
                        ExportRecord::version,
                        ExportRecord::added,
                        ExportRecord::removed)
                .containsExactly(
                        tuple(2, ExportKind.DELTA, 1, 2, 3L, 2L),
                        // Two hours after the FULL of version 1: the whole audience again.
                        tuple(3, ExportKind.FULL, 0, 3, 14L, 0L));
        Path delta = exporter.exportsOf(PACKAGE, google).resolve("000002-DELTA-v2");
        assertThat(Files.readAllLines(delta.resolve("add.csv"))).hasSize(1 + 3);
        assertThat(Files.readAllLines(delta.resolve("remove.csv"))).hasSize(1 + 2);
        assertThat(ExportRecord.parse(Files.readString(delta.resolve(ExportLog.RECORD))))
                .isEqualTo(next.get(0));
        assertThat(exporter.exportDue(PACKAGE, google)).isEmpty();
    }

    @Test
    void versionsAreCoalescedOnTheIntervalAndNoneBelowTheMinimumIsExported() throws Exception {
        open();
        Destination daily =
                new Destination(
                        "meta",
                        ExportFormat.META_CUSTOM_AUDIENCE,
                        IdType.EMAIL,
                        10,
                        Duration.ofDays(1),
                        Duration.ofDays(30));
        version(1, 0, fans(0, 5)); // below the platform's minimum: not exported
        for (int v = 2; v <= 30; v++) {
            version(v, (v - 1) * HOUR, fans(0, 10 + v));
        }

        List<ExportRecord> exports = exporter.exportDue(PACKAGE, daily);

        // v2 at 1 h is the first the platform takes; the next may come a day later: v26 at 25 h.
        assertThat(exports)
                .extracting(ExportRecord::kind, ExportRecord::fromVersion, ExportRecord::version)
                .containsExactly(tuple(ExportKind.FULL, 0, 2), tuple(ExportKind.DELTA, 2, 26));
        assertThat(exports.get(1).added()).isEqualTo(24);
    }

    @Test
    void aRerunAfterACrashMidExportNeitherSkipsNorRepeatsAVersion() throws Exception {
        open();
        Destination dmp =
                new Destination(
                        "ocean",
                        ExportFormat.OCEAN_ENGINE_DMP,
                        IdType.UID,
                        1,
                        Duration.ZERO,
                        Duration.ofDays(7));
        version(1, 0, uids(0, 3));
        exporter.exportDue(PACKAGE, dmp);
        version(2, HOUR, uids(0, 4));
        // Killed while writing the DELTA of version 2: its staging directory is left behind.
        Path log = exporter.exportsOf(PACKAGE, dmp);
        Path staging = Files.createDirectories(log.resolve(".000002-DELTA-v2.partial"));
        Files.write(staging.resolve("add-0001.zip"), new byte[] {1, 2, 3});

        List<ExportRecord> resumed = exporter.exportDue(PACKAGE, dmp);

        assertThat(resumed)
                .extracting(ExportRecord::sequence, ExportRecord::version, ExportRecord::added)
                .containsExactly(tuple(2, 2, 1L));
        assertThat(Files.list(log).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("000001-FULL-v1", "000002-DELTA-v2");
        assertThat(new Exporter(tree.tree(), out).exportDue(PACKAGE, dmp)).isEmpty();
        assertThat(ExportLog.open(log).exports())
                .extracting(ExportRecord::sequence, ExportRecord::kind, ExportRecord::version)
                .containsExactly(
                        Tuple.tuple(1, ExportKind.FULL, 1), Tuple.tuple(2, ExportKind.DELTA, 2));
    }

    @Test
    void aTikTokDeltaWithAnAddOrRemoveFileBelowAThousandIdsGoesAsAFull() throws Exception {
        open();
        Destination tiktok =
                new Destination(
                        "tiktok",
                        ExportFormat.TIKTOK_CUSTOM_AUDIENCE,
                        IdType.EMAIL,
                        1_000,
                        Duration.ZERO,
                        Duration.ofDays(30));
        assertThat(tiktok.minIdsPerFile()).isEqualTo(1_000);
        version(1, 0, fans(0, 1_500));
        version(2, HOUR, fans(0, 2_600)); // 1 100 join: a DELTA with one add file
        version(3, 2 * HOUR, fans(10, 2_600)); // 10 leave: a remove file of 10 is refused
        version(4, 3 * HOUR, fans(1_010, 3_700)); // 1 000 leave, 1 100 join: a DELTA again

        List<ExportRecord> exports = exporter.exportDue(PACKAGE, tiktok);

        assertThat(exports)
                .extracting(
                        ExportRecord::kind,
                        ExportRecord::fromVersion,
                        ExportRecord::version,
                        ExportRecord::added,
                        ExportRecord::removed)
                .containsExactly(
                        tuple(ExportKind.FULL, 0, 1, 1_500L, 0L),
                        tuple(ExportKind.DELTA, 1, 2, 1_100L, 0L),
                        tuple(ExportKind.FULL, 0, 3, 2_590L, 0L),
                        tuple(ExportKind.DELTA, 3, 4, 1_100L, 1_000L));
        // Other platforms take small files: the same change goes as a DELTA to Meta.
        Destination meta =
                new Destination(
                        "meta",
                        ExportFormat.META_CUSTOM_AUDIENCE,
                        IdType.EMAIL,
                        1,
                        Duration.ZERO,
                        Duration.ofDays(30));
        assertThat(exporter.exportDue(PACKAGE, meta))
                .extracting(ExportRecord::kind)
                .containsExactly(
                        ExportKind.FULL, ExportKind.DELTA, ExportKind.DELTA, ExportKind.DELTA);
    }

    @Test
    void aPackageOfSaltedHashesIsRefusedNotExported() throws Exception {
        open();
        tree.write(PACKAGE, 1, "acme", 0, List.of("a1b2"), 0, IdFormat.SHA256);
        Destination dmp =
                Destination.withDefaults("ocean", ExportFormat.OCEAN_ENGINE_DMP, IdType.UID);

        assertThatThrownBy(() -> exporter.exportDue(PACKAGE, dmp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id_format: raw");
        assertThat(ExportLog.open(exporter.exportsOf(PACKAGE, dmp)).exports()).isEmpty();
    }

    private void version(int version, long cutoff, List<String> members) throws Exception {
        tree.write(PACKAGE, version, "acme", cutoff, members, 0, IdFormat.RAW);
    }

    private static List<String> fans(int from, int to) {
        return new ArrayList<>(
                IntStream.range(from, to).mapToObj(i -> "fan" + i + "@example.com").toList());
    }

    private static List<String> uids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> Long.toString(1_000_000L + i)).toList();
    }
}
