package io.fanscore.jobs.packages.audit;

import io.fanscore.packageformat.IdFormat;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.PackageAction;
import io.fanscore.schema.PackageAudit;
import io.fanscore.schema.PackageChangeDecision;
import io.fanscore.schema.PackageChangeSource;
import io.fanscore.schema.Tier;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The definitions file is audited at each start by what changed since the file of the last start:
 * everything on a first start, then only packages new, changed or gone, with the same ids when a
 * restart writes them again.
 */
class DefinitionsFileAuditTest {

    private static final String FILE = "flink-conf/packages.yaml";
    private static final long STARTED = 1_700_000_000_000L;

    private final PackageDefinition kept = definition("kept", EnumSet.of(Tier.DEVOTED));
    private final PackageDefinition changed = definition("changed", EnumSet.of(Tier.DEVOTED));
    private final PackageDefinition gone = definition("gone", EnumSet.of(Tier.CASUAL));

    @Test
    void aFirstStartAuditsEveryPackageOfTheFileOnceBeforeAnyDecision() throws Exception {
        try (var harness = harness(catalog(kept, changed, gone), null)) {
            harness.setProcessingTime(1);
            assertThat(audits(harness))
                    .extracting(
                            PackageAudit::getPackageId,
                            PackageAudit::getAction,
                            PackageAudit::getSource,
                            PackageAudit::getDecision,
                            PackageAudit::getOrigin)
                    .containsExactly(
                            file("changed", PackageAction.UPSERT),
                            file("gone", PackageAction.UPSERT),
                            file("kept", PackageAction.UPSERT));
            assertThat(audits(harness))
                    .allSatisfy(
                            a -> {
                                assertThat(a.getPrevious()).isNull();
                                assertThat(a.getTime()).isEqualTo(Instant.ofEpochMilli(STARTED));
                            });
            PackageAudit decision = new PackageAuditRecords().ofRefusedFile(FILE, "x", 5);
            harness.processElement(decision, 0);
            assertThat(audits(harness)).hasSize(4).last().isEqualTo(decision);
        }
    }

    @Test
    void aRestartAuditsOnlyWhatChangedInTheFileAndWritesTheSameIdsWhenRepeated() throws Exception {
        OperatorSubtaskState firstStart;
        try (var harness = harness(catalog(kept, changed, gone), null)) {
            harness.setProcessingTime(1);
            firstStart = harness.snapshot(1, 1);
        }
        PackageDefinition widened = definition("changed", EnumSet.of(Tier.FAVORABLE, Tier.DEVOTED));
        PackageDefinition added = definition("added", EnumSet.of(Tier.DEVOTED));
        PackageCatalog edited = catalog(kept, widened, added);

        List<PackageAudit> restart;
        OperatorSubtaskState secondStart;
        try (var harness = harness(edited, firstStart)) {
            harness.setProcessingTime(1);
            restart = audits(harness);
            secondStart = harness.snapshot(2, 2);
        }
        assertThat(restart)
                .extracting(PackageAudit::getPackageId, PackageAudit::getAction)
                .containsExactly(
                        Tuple.tuple("added", PackageAction.UPSERT),
                        Tuple.tuple("changed", PackageAction.UPSERT),
                        Tuple.tuple("gone", PackageAction.REMOVE));
        assertThat(restart.get(0).getPrevious()).isNull();
        assertThat(restart.get(1).getPrevious()).isEqualTo(PackageControls.upsert(changed));
        assertThat(restart.get(1).getChange()).isEqualTo(PackageControls.upsert(widened));
        assertThat(restart.get(2).getPrevious()).isEqualTo(PackageControls.upsert(gone));

        // Failing over to the first checkpoint again: the same records, the same ids.
        try (var harness = harness(edited, firstStart)) {
            harness.setProcessingTime(1);
            assertThat(audits(harness)).isEqualTo(restart);
        }
        // Restarted on the same file: nothing changed, nothing to audit.
        try (var harness = harness(edited, secondStart)) {
            harness.setProcessingTime(1);
            harness.processElement(new PackageAuditRecords().ofRefusedFile(FILE, "x", 5), 0);
            assertThat(audits(harness))
                    .extracting(PackageAudit::getDecision)
                    .containsExactly(PackageChangeDecision.REFUSED);
        }
    }

    @Test
    void aBoundedRunThatEndsBeforeTheTimerStillAuditsTheFile() throws Exception {
        try (var harness = harness(catalog(kept), null)) {
            harness.endInput();
            harness.getOneInputOperator().finish();
            assertThat(audits(harness))
                    .extracting(PackageAudit::getPackageId)
                    .containsExactly("kept");
        }
    }

    private static Tuple file(String packageId, PackageAction action) {
        return Tuple.tuple(
                packageId,
                action,
                PackageChangeSource.DEFINITIONS_FILE,
                PackageChangeDecision.ACCEPTED,
                FILE);
    }

    private static OneInputStreamOperatorTestHarness<PackageAudit, PackageAudit> harness(
            PackageCatalog catalog, OperatorSubtaskState restored) throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new DefinitionsFileAudit(catalog, FILE, STARTED));
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }

    private static List<PackageAudit> audits(
            OneInputStreamOperatorTestHarness<PackageAudit, PackageAudit> harness) {
        return harness.extractOutputValues();
    }

    private static PackageCatalog catalog(PackageDefinition... definitions) {
        return new PackageCatalog(
                List.of(definitions), Map.of("s1", "salt-one"), Duration.ofHours(1), false);
    }

    private static PackageDefinition definition(String id, EnumSet<Tier> tiers) {
        return new PackageDefinition(id, "c1", tiers, 0, false, IdFormat.SHA256, "s1", 0);
    }
}
