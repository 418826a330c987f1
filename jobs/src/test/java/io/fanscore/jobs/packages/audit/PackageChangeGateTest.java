package io.fanscore.jobs.packages.audit;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.RecordIngest;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.PackageAction;
import io.fanscore.schema.PackageAudit;
import io.fanscore.schema.PackageChangeDecision;
import io.fanscore.schema.PackageChangeSource;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.Tier;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runtime package changes are checked like the definitions file and then against the package's
 * history: usable ones go on, every other one is a dead letter with its reason; each decision is
 * audited with the definition it replaces.
 */
class PackageChangeGateTest {

    private static final String TOPIC = "fan.audience-packages";
    private static final long READ_AT = 1_700_000_000_000L;

    private final PackageDefinition fileFans = definition("file-fans", "c1", IdFormat.SHA256, "s1");
    private final PackageCatalog catalog =
            new PackageCatalog(
                    List.of(fileFans), Map.of("s1", "salt-one"), Duration.ofHours(1), false);

    private KeyedOneInputStreamOperatorTestHarness<
                    String, SourceEnvelope<PackageControl>, PackageControl>
            harness;
    private long offset;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aUsableUpsertAndAnyRemoveGoOnAndAreAuditedAsAccepted() throws Exception {
        read(PackageControls.upsert(definition("devoted", "c1", IdFormat.SHA256, "s1")));
        // A remove needs only a valid id, even of a package this job never had.
        read(PackageControls.remove("never-defined"));

        assertThat(harness.extractOutputValues())
                .extracting(PackageControl::getPackageId, PackageControl::getAction)
                .containsExactly(
                        Tuple.tuple("devoted", PackageAction.UPSERT),
                        Tuple.tuple("never-defined", PackageAction.REMOVE));
        assertThat(deadLetters()).isEmpty();
        assertThat(audits())
                .extracting(
                        PackageAudit::getPackageId,
                        PackageAudit::getDecision,
                        PackageAudit::getAction,
                        PackageAudit::getOrigin,
                        PackageAudit::getReason)
                .containsExactly(
                        Tuple.tuple(
                                "devoted",
                                PackageChangeDecision.ACCEPTED,
                                PackageAction.UPSERT,
                                TOPIC + "/0/0",
                                null),
                        Tuple.tuple(
                                "never-defined",
                                PackageChangeDecision.ACCEPTED,
                                PackageAction.REMOVE,
                                TOPIC + "/0/1",
                                null));
        PackageAudit first = audits().get(0);
        assertThat(first.getSource()).isEqualTo(PackageChangeSource.CONTROL_TOPIC);
        assertThat(first.getTime()).isEqualTo(Instant.ofEpochMilli(READ_AT));
        assertThat(first.getPrevious()).isNull();
        assertThat(first.getChange().getPackageId()).isEqualTo("devoted");
        assertThat(audits().get(1).getAuditId()).isNotEqualTo(first.getAuditId());
    }

    @Test
    void everyUnusableControlIsADeadLetterWithItsReasonAndARefusal() throws Exception {
        SourceEnvelope<PackageControl> undecodable = envelope(null);
        undecodable.rejection = DeadLetterReason.UNDECODABLE;
        undecodable.rejectionDetail = "not Avro";
        harness.processElement(undecodable, 0);
        read(PackageControls.remove("../escape"));
        PackageControl oddFormat =
                PackageControls.upsert(definition("odd", "c1", IdFormat.SHA256, "s1"));
        oddFormat.setIdFormat("sha1");
        read(oddFormat);
        read(PackageControls.upsert(definition("raw", "c1", IdFormat.RAW, null)));
        read(PackageControls.upsert(definition("unsalted", "c1", IdFormat.SHA256, "nope")));
        PackageControl noTiers =
                PackageControls.upsert(definition("tierless", "c1", IdFormat.MD5, "s1"));
        noTiers.setTiers(List.of());
        read(noTiers);

        assertThat(harness.extractOutputValues()).isEmpty();
        List<DeadLetter> letters = deadLetters();
        assertThat(letters)
                .extracting(DeadLetter::getReason, DeadLetter::getSourceOffset)
                .containsExactly(
                        Tuple.tuple(DeadLetterReason.UNDECODABLE, 0L),
                        Tuple.tuple(DeadLetterReason.INVALID_VALUE, 1L),
                        Tuple.tuple(DeadLetterReason.INVALID_VALUE, 2L),
                        Tuple.tuple(DeadLetterReason.INVALID_VALUE, 3L),
                        Tuple.tuple(DeadLetterReason.INVALID_VALUE, 4L),
                        Tuple.tuple(DeadLetterReason.INVALID_VALUE, 5L));
        assertThat(letters).allSatisfy(l -> assertThat(l.getSourceTopic()).isEqualTo(TOPIC));
        assertThat(letters.get(0).getDetail()).isEqualTo("not Avro");
        assertThat(letters.get(1).getDetail()).isEqualTo("bad package_id");
        assertThat(letters.get(2).getDetail()).contains("package 'odd'");
        assertThat(letters.get(3).getDetail()).contains("allow_raw is false");
        assertThat(letters.get(4).getDetail()).contains("salt 'nope'");
        assertThat(letters.get(5).getDetail()).contains("package 'tierless'", "tiers");

        List<PackageAudit> audits = audits();
        assertThat(audits)
                .allSatisfy(
                        a -> assertThat(a.getDecision()).isEqualTo(PackageChangeDecision.REFUSED))
                .extracting(PackageAudit::getOrigin)
                .containsExactly(
                        TOPIC + "/0/0",
                        TOPIC + "/0/1",
                        TOPIC + "/0/2",
                        TOPIC + "/0/3",
                        TOPIC + "/0/4",
                        TOPIC + "/0/5");
        assertThat(audits.get(0).getPackageId()).isNull();
        assertThat(audits.get(0).getAction()).isNull();
        assertThat(audits.get(0).getReason()).isEqualTo("UNDECODABLE: not Avro");
        assertThat(audits.get(4).getReason()).startsWith("INVALID_VALUE: ").contains("salt 'nope'");
    }

    @Test
    void aChangeIsJudgedAgainstTheDefinitionInForceAndARemovedIdStaysRetiredAcrossARestore()
            throws Exception {
        PackageControl widened =
                PackageControls.upsert(definition("file-fans", "c1", IdFormat.SHA256, "s1"));
        widened.setTiers(List.of(Tier.FAVORABLE, Tier.DEVOTED));
        read(widened);
        read(PackageControls.upsert(definition("file-fans", "c2", IdFormat.SHA256, "s1")));
        read(PackageControls.remove("file-fans"));

        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        read(PackageControls.upsert(definition("file-fans", "c1", IdFormat.SHA256, "s1")));

        assertThat(deadLetters())
                .extracting(DeadLetter::getSourceOffset, DeadLetter::getDetail)
                .containsExactly(
                        Tuple.tuple(3L, "package file-fans was removed; its id is retired"));
        assertThat(harness.extractOutputValues()).isEmpty(); // outputs since the restore
        assertThat(audits())
                .extracting(PackageAudit::getOrigin, PackageAudit::getDecision)
                .containsExactly(Tuple.tuple(TOPIC + "/0/3", PackageChangeDecision.REFUSED));
    }

    @Test
    void aChangeOfCreatorIsRefusedWithTheDefinitionItWouldHaveReplaced() throws Exception {
        PackageControl widened =
                PackageControls.upsert(definition("file-fans", "c1", IdFormat.SHA256, "s1"));
        widened.setTiers(List.of(Tier.FAVORABLE, Tier.DEVOTED));
        read(widened);
        read(PackageControls.upsert(definition("file-fans", "c2", IdFormat.SHA256, "s1")));

        List<PackageAudit> audits = audits();
        assertThat(audits)
                .extracting(PackageAudit::getDecision)
                .containsExactly(PackageChangeDecision.ACCEPTED, PackageChangeDecision.REFUSED);
        assertThat(audits.get(0).getPrevious()).isEqualTo(PackageControls.upsert(fileFans));
        assertThat(audits.get(1).getPrevious()).isEqualTo(widened);
        assertThat(audits.get(1).getReason())
                .isEqualTo(
                        "INVALID_VALUE: package file-fans: creator, id_format and salt_ref cannot"
                                + " change; use a new package id");
        assertThat(deadLetters()).extracting(DeadLetter::getSourceOffset).containsExactly(1L);
    }

    private KeyedOneInputStreamOperatorTestHarness<
                    String, SourceEnvelope<PackageControl>, PackageControl>
            newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PackageChangeGate(catalog)),
                PackageChangeGate::keyOf,
                Types.STRING);
    }

    private void read(PackageControl control) throws Exception {
        harness.processElement(envelope(control), 0);
    }

    private SourceEnvelope<PackageControl> envelope(PackageControl control) {
        SourceEnvelope<PackageControl> envelope = new SourceEnvelope<>();
        envelope.topic = TOPIC;
        envelope.partition = 0;
        envelope.offset = offset++;
        envelope.key =
                (control == null ? "?" : control.getPackageId()).getBytes(StandardCharsets.UTF_8);
        envelope.value = new byte[] {1, 2, 3};
        envelope.readAtMillis = READ_AT;
        envelope.record = control;
        return envelope;
    }

    private List<DeadLetter> deadLetters() {
        var records = harness.getSideOutput(RecordIngest.DEAD_LETTERS);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private List<PackageAudit> audits() {
        var records = harness.getSideOutput(PackageChangeGate.AUDIT);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static PackageDefinition definition(
            String id, String creator, IdFormat format, String salt) {
        return new PackageDefinition(
                id, creator, EnumSet.of(Tier.DEVOTED), 0, false, format, salt, 0);
    }
}
