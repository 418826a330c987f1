package io.fanscore.jobs.packages;

import io.fanscore.jobs.testutils.PackageVersions;
import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.IdFileCheck;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.IdLineReader;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.PackageLayout;
import io.fanscore.packageformat.VersionManifest;
import io.fanscore.packageformat.VersionStatus;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.PackageAction;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.Tier;
import io.fanscore.state.PackageVersionReady;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The versioner shell: versions cut at interval ends of event time, their files staged under the
 * packages root and their manifests handed on, members and changes exact across versions.
 */
class PackageVersionerTest {

    private static final String PACKAGE = "fans-of-c";
    private static final Duration INTERVAL = Duration.ofHours(1);

    /** 12:00 UTC, an interval end: the first delta after it is cut at 13:00. */
    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir Path root;

    private KeyedBroadcastOperatorTestHarness<
                    String, AudienceDelta, PackageControl, PackageVersionReady>
            harness;

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aVersionIsCutAtTheFirstIntervalEndAfterTheFirstDelta() throws Exception {
        open(definition(1));
        read(delta("f2", DeltaOp.ADD, at(10)));
        read(delta("f1", DeltaOp.ADD, at(20)));
        read(delta("f3", DeltaOp.ADD, at(30)));
        read(delta("f3", DeltaOp.REMOVE, at(40)));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.watermark(at(60).toEpochMilli() - 1);
        assertThat(versions()).isEmpty();

        harness.watermark(at(60).toEpochMilli());
        assertThat(versions()).hasSize(1);
        PackageVersionReady ready = versions().get(0);
        assertThat(ready.getPackageId()).isEqualTo(PACKAGE);
        assertThat(ready.getVersion()).isEqualTo(1);
        assertThat(ready.getStagingDir()).endsWith(PackageLayout.stagingOf(id(), 1));
        assertThat(ready.getVersionDir()).endsWith(PackageLayout.versionOf(id(), 1));

        VersionManifest manifest = manifestOf(ready);
        assertThat(manifest.version()).isEqualTo(1);
        assertThat(manifest.cutoff()).isEqualTo(at(60).toEpochMilli());
        assertThat(manifest.creatorId()).isEqualTo("c");
        assertThat(manifest.status()).isEqualTo(VersionStatus.PUBLISHED);
        assertThat(manifest.idFormat()).isEqualTo(IdFormat.RAW);
        assertThat(manifest.memberCount()).isEqualTo(2);
        assertThat(manifest.addedCount()).isEqualTo(2);
        assertThat(manifest.removedCount()).isZero();
        assertThat(manifest.minSize()).isEqualTo(1);
        assertThat(staged(ready, FileRole.MEMBERS)).containsExactly("f1", "f2");
        assertThat(staged(ready, FileRole.CHANGES)).containsExactly("+f1", "+f2");
        // The next version's cut-off is one interval on.
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void aPackageWithItsOwnIntervalIsCutAtItsOwnIntervalEnds() throws Exception {
        open(definition(1).withVersionInterval(Duration.ofMinutes(1)));
        read(delta("f1", DeltaOp.ADD, T.plusSeconds(10)));
        harness.watermark(T.plusSeconds(60).toEpochMilli());
        read(delta("f2", DeltaOp.ADD, T.plusSeconds(70)));
        harness.watermark(T.plusSeconds(120).toEpochMilli());

        assertThat(versions())
                .extracting(v -> manifestOf(v).cutoff())
                .containsExactly(
                        T.plusSeconds(60).toEpochMilli(), T.plusSeconds(120).toEpochMilli());
        assertThat(staged(versions().get(1), FileRole.MEMBERS)).containsExactly("f1", "f2");
    }

    @Test
    void everyLaterVersionListsTheNetChangesSinceTheOneBefore() throws Exception {
        open(definition(1));
        read(delta("f1", DeltaOp.ADD, at(10)));
        read(delta("f2", DeltaOp.ADD, at(10)));
        harness.watermark(at(60).toEpochMilli());

        read(delta("f3", DeltaOp.ADD, at(70)));
        read(delta("f1", DeltaOp.REMOVE, at(80)));
        read(delta("f4", DeltaOp.ADD, at(90)));
        read(delta("f4", DeltaOp.REMOVE, at(100))); // joined and left again: no change
        harness.watermark(at(120).toEpochMilli());
        harness.watermark(at(180).toEpochMilli()); // nothing happened: same members

        List<PackageVersionReady> versions = versions();
        assertThat(versions).extracting(PackageVersionReady::getVersion).containsExactly(1, 2, 3);
        PackageVersionReady second = versions.get(1);
        assertThat(staged(second, FileRole.MEMBERS)).containsExactly("f2", "f3");
        assertThat(staged(second, FileRole.CHANGES)).containsExactly("-f1", "+f3");
        assertThat(manifestOf(second).addedCount()).isEqualTo(1);
        assertThat(manifestOf(second).removedCount()).isEqualTo(1);
        PackageVersionReady third = versions.get(2);
        assertThat(manifestOf(third).cutoff()).isEqualTo(at(180).toEpochMilli());
        assertThat(staged(third, FileRole.MEMBERS)).containsExactly("f2", "f3");
        assertThat(staged(third, FileRole.CHANGES)).isEmpty();

        // Published as staged, the versions add up for a reader.
        for (PackageVersionReady version : versions) {
            assertThat(PackageVersionCommitter.publish(version, 10)).isTrue();
        }
        List<PackageVersions.Version> published = PackageVersions.of(root, PACKAGE);
        assertThat(published).hasSize(3);
        PackageVersions.assertConsistent(published);
    }

    @Test
    void aPackageBelowItsMinSizeIsWithheldWithMemberCountZero() throws Exception {
        open(definition(3));
        read(delta("f1", DeltaOp.ADD, at(10)));
        read(delta("f2", DeltaOp.ADD, at(20)));
        harness.watermark(at(60).toEpochMilli());

        PackageVersionReady first = versions().get(0);
        VersionManifest withheld = manifestOf(first);
        assertThat(withheld.status()).isEqualTo(VersionStatus.BELOW_MIN_SIZE);
        assertThat(withheld.memberCount()).isZero();
        assertThat(withheld.document().get("member_count").asLong()).isZero();
        assertThat(withheld.addedCount()).isZero();
        assertThat(withheld.removedCount()).isZero();
        assertThat(withheld.minSize()).isEqualTo(3);
        assertThat(staged(first, FileRole.MEMBERS)).isEmpty();
        assertThat(staged(first, FileRole.CHANGES)).isEmpty();

        // Once big enough, everyone joins the published set.
        read(delta("f3", DeltaOp.ADD, at(70)));
        harness.watermark(at(120).toEpochMilli());
        PackageVersionReady second = versions().get(1);
        assertThat(manifestOf(second).status()).isEqualTo(VersionStatus.PUBLISHED);
        assertThat(manifestOf(second).memberCount()).isEqualTo(3);
        assertThat(manifestOf(second).addedCount()).isEqualTo(3);
        assertThat(staged(second, FileRole.MEMBERS)).containsExactly("f1", "f2", "f3");
        assertThat(staged(second, FileRole.CHANGES)).containsExactly("+f1", "+f2", "+f3");
    }

    @Test
    void aMinSizeRaisedAtRuntimeWithdrawsEveryPublishedMemberAtTheNextCut() throws Exception {
        open(definition(1));
        read(delta("f1", DeltaOp.ADD, at(10)));
        read(delta("f2", DeltaOp.ADD, at(20)));
        harness.watermark(at(60).toEpochMilli());

        PackageControl raised = PackageControls.upsert(definition(5));
        harness.processBroadcastElement(raised, at(61).toEpochMilli());
        assertThat(harness.getBroadcastState(AudiencePackages.PACKAGE_CONTROLS).get(PACKAGE))
                .isEqualTo(raised);
        harness.watermark(at(120).toEpochMilli());

        PackageVersionReady second = versions().get(1);
        VersionManifest manifest = manifestOf(second);
        assertThat(manifest.status()).isEqualTo(VersionStatus.BELOW_MIN_SIZE);
        assertThat(manifest.minSize()).isEqualTo(5);
        assertThat(manifest.memberCount()).isZero();
        assertThat(manifest.addedCount()).isZero();
        assertThat(manifest.removedCount()).isEqualTo(2);
        assertThat(staged(second, FileRole.MEMBERS)).isEmpty();
        assertThat(staged(second, FileRole.CHANGES)).containsExactly("-f1", "-f2");
    }

    @Test
    void deltasStampedAtOrAfterTheOpenCutoffWaitForTheNextVersion() throws Exception {
        open(definition(1));
        read(delta("f1", DeltaOp.ADD, at(10)));
        read(delta("f2", DeltaOp.ADD, at(60))); // at the cut-off: not in version 1
        harness.watermark(at(60).toEpochMilli());

        read(delta("f3", DeltaOp.ADD, at(90)));
        read(delta("f4", DeltaOp.ADD, at(135))); // after the next cut-off
        harness.watermark(at(120).toEpochMilli());
        harness.watermark(at(180).toEpochMilli());

        List<PackageVersionReady> versions = versions();
        assertThat(versions).hasSize(3);
        assertThat(staged(versions.get(0), FileRole.MEMBERS)).containsExactly("f1");
        assertThat(staged(versions.get(1), FileRole.MEMBERS)).containsExactly("f1", "f2", "f3");
        assertThat(staged(versions.get(1), FileRole.CHANGES)).containsExactly("+f2", "+f3");
        assertThat(staged(versions.get(2), FileRole.MEMBERS))
                .containsExactly("f1", "f2", "f3", "f4");
        assertThat(staged(versions.get(2), FileRole.CHANGES)).containsExactly("+f4");
    }

    @Test
    void aSignAloneStartsVersionsAndAnEarlierSignMovesTheFirstCutoffEarlier() throws Exception {
        open(definition(0));
        read(delta("f1", DeltaOp.ADD, at(130))); // would be cut at 15:00
        read(PackageInForce.sign(PACKAGE, at(10).toEpochMilli()));
        read(PackageInForce.sign(PACKAGE, at(90).toEpochMilli())); // later: changes nothing
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.watermark(at(60).toEpochMilli());
        harness.watermark(at(120).toEpochMilli());
        harness.watermark(at(180).toEpochMilli());

        List<PackageVersionReady> versions = versions();
        assertThat(versions)
                .extracting(v -> manifestOf(v).cutoff())
                .containsExactly(
                        at(60).toEpochMilli(), at(120).toEpochMilli(), at(180).toEpochMilli());
        for (PackageVersionReady empty : versions.subList(0, 2)) {
            assertThat(manifestOf(empty).status()).isEqualTo(VersionStatus.PUBLISHED);
            assertThat(manifestOf(empty).memberCount()).isZero();
            assertThat(staged(empty, FileRole.MEMBERS)).isEmpty();
            assertThat(staged(empty, FileRole.CHANGES)).isEmpty();
        }
        assertThat(staged(versions.get(2), FileRole.MEMBERS)).containsExactly("f1");
        assertThat(staged(versions.get(2), FileRole.CHANGES)).containsExactly("+f1");
    }

    @Test
    void aRemovedPackageGetsNoMoreVersionsAndItsIdStaysRetired() throws Exception {
        open(definition(1));
        read(delta("f1", DeltaOp.ADD, at(10)));
        harness.watermark(at(60).toEpochMilli());
        assertThat(versions()).hasSize(1);

        harness.processBroadcastElement(PackageControls.remove(PACKAGE), at(61).toEpochMilli());
        harness.processBroadcastElement(
                PackageControls.upsert(definition(1)), at(62).toEpochMilli());
        assertThat(
                        harness.getBroadcastState(AudiencePackages.PACKAGE_CONTROLS)
                                .get(PACKAGE)
                                .getAction())
                .isEqualTo(PackageAction.REMOVE);

        harness.watermark(at(120).toEpochMilli());
        harness.watermark(at(240).toEpochMilli());
        assertThat(versions()).hasSize(1);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aRestoredVersionerGoesOnFromItsMembersAndCursor() throws Exception {
        PackageCatalog catalog = catalog(definition(1));
        OperatorSubtaskState checkpoint;
        try (var before = unopened(catalog)) {
            before.open();
            before.processElement(delta("f1", DeltaOp.ADD, at(10)), at(10).toEpochMilli());
            before.processElement(delta("f2", DeltaOp.ADD, at(20)), at(20).toEpochMilli());
            before.watermark(at(60).toEpochMilli());
            before.processElement(delta("f1", DeltaOp.REMOVE, at(70)), at(70).toEpochMilli());
            before.processElement(delta("f3", DeltaOp.ADD, at(130)), at(130).toEpochMilli());
            checkpoint = before.snapshot(1L, 1L);
        }
        harness = unopened(catalog);
        harness.initializeState(checkpoint);
        harness.open();
        harness.watermark(at(120).toEpochMilli());
        harness.watermark(at(180).toEpochMilli());

        List<PackageVersionReady> versions = versions();
        assertThat(versions).extracting(PackageVersionReady::getVersion).containsExactly(2, 3);
        assertThat(staged(versions.get(0), FileRole.MEMBERS)).containsExactly("f2");
        assertThat(staged(versions.get(0), FileRole.CHANGES)).containsExactly("-f1");
        assertThat(staged(versions.get(1), FileRole.MEMBERS)).containsExactly("f2", "f3");
        assertThat(staged(versions.get(1), FileRole.CHANGES)).containsExactly("+f3");
    }

    private void open(PackageDefinition definition) throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new PackageVersioner(catalog(definition), root.toUri().toString()),
                        AudienceDelta::getPackageId,
                        Types.STRING,
                        AudiencePackages.PACKAGE_CONTROLS);
    }

    private KeyedBroadcastOperatorTestHarness<
                    String, AudienceDelta, PackageControl, PackageVersionReady>
            unopened(PackageCatalog catalog) throws Exception {
        List<MapStateDescriptor<?, ?>> descriptors = List.of(AudiencePackages.PACKAGE_CONTROLS);
        CoBroadcastWithKeyedOperator<String, AudienceDelta, PackageControl, PackageVersionReady>
                operator =
                        new CoBroadcastWithKeyedOperator<>(
                                new PackageVersioner(catalog, root.toUri().toString()),
                                descriptors);
        return new KeyedBroadcastOperatorTestHarness<>(
                operator, AudienceDelta::getPackageId, Types.STRING, 1, 1, 0);
    }

    private static PackageCatalog catalog(PackageDefinition definition) {
        return new PackageCatalog(List.of(definition), Map.of(), INTERVAL, true);
    }

    /** The package of creator c, raw ids (so files read plainly), CASUAL and up. */
    private static PackageDefinition definition(int minSize) {
        return new PackageDefinition(
                PACKAGE,
                "c",
                EnumSet.of(Tier.CASUAL, Tier.FAVORABLE, Tier.DEVOTED),
                0,
                false,
                IdFormat.RAW,
                null,
                minSize);
    }

    private static AudienceDelta delta(String member, DeltaOp op, Instant time) {
        return AudienceDelta.newBuilder()
                .setDeltaId(PACKAGE + "/" + member + "/" + op + "/" + time.toEpochMilli())
                .setPackageId(PACKAGE)
                .setMemberId(member)
                .setOp(op)
                .setEventTime(time)
                .build();
    }

    private void read(AudienceDelta delta) throws Exception {
        harness.processElement(delta, delta.getEventTime().toEpochMilli());
    }

    private static Instant at(int minutes) {
        return T.plus(Duration.ofMinutes(minutes));
    }

    private List<PackageVersionReady> versions() {
        return harness.extractOutputValues();
    }

    private static PackageId id() {
        return new PackageId(PACKAGE);
    }

    private static VersionManifest manifestOf(PackageVersionReady ready) {
        try {
            return VersionManifest.parse(ready.getManifestJson(), id(), ready.getVersion());
        } catch (Exception e) {
            throw new AssertionError("version " + ready.getVersion() + ": " + e.getMessage(), e);
        }
    }

    /** The lines of a staged file, checked against the manifest's size, checksum and counts. */
    private List<String> staged(PackageVersionReady ready, FileRole role) throws Exception {
        VersionManifest manifest = manifestOf(ready);
        Path file =
                root.resolve(PackageLayout.stagingOf(id(), ready.getVersion()))
                        .resolve(manifest.file(role).name());
        try (InputStream in = Files.newInputStream(file)) {
            IdFileCheck.verify(in, manifest, role);
        }
        List<String> lines = new ArrayList<>();
        try (IdLineReader reader =
                new IdLineReader(new GZIPInputStream(Files.newInputStream(file)))) {
            for (byte[] line = reader.next(); line != null; line = reader.next()) {
                lines.add(new String(line, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }
}
