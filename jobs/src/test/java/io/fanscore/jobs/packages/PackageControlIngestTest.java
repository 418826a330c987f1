package io.fanscore.jobs.packages;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.RecordIngest;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.PackageAction;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.Tier;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runtime package controls are checked like the definitions file: usable ones go on, every other
 * one is a dead letter with its reason and coordinates.
 */
class PackageControlIngestTest {

    private static final String TOPIC = "fan.audience-packages";

    private final PackageCatalog catalog =
            new PackageCatalog(List.of(), Map.of("s1", "salt-one"), Duration.ofHours(1), false);

    private OneInputStreamOperatorTestHarness<SourceEnvelope<PackageControl>, PackageControl>
            harness;
    private long offset;

    @BeforeEach
    void open() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new PackageControlIngest(catalog));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aUsableUpsertAndAnyRemoveGoOn() throws Exception {
        read(PackageControls.upsert(definition("devoted", IdFormat.SHA256, "s1")));
        // A remove needs only a valid id, even of a package this job never had.
        read(PackageControls.remove("never-defined"));

        assertThat(harness.extractOutputValues())
                .extracting(PackageControl::getPackageId, PackageControl::getAction)
                .containsExactly(
                        Tuple.tuple("devoted", PackageAction.UPSERT),
                        Tuple.tuple("never-defined", PackageAction.REMOVE));
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void everyUnusableControlIsADeadLetterWithItsReason() throws Exception {
        SourceEnvelope<PackageControl> undecodable = envelope(null);
        undecodable.rejection = DeadLetterReason.UNDECODABLE;
        undecodable.rejectionDetail = "not Avro";
        harness.processElement(undecodable, 0);
        read(PackageControls.remove("../escape"));
        PackageControl oddFormat = PackageControls.upsert(definition("odd", IdFormat.SHA256, "s1"));
        oddFormat.setIdFormat("sha1");
        read(oddFormat);
        read(PackageControls.upsert(definition("raw", IdFormat.RAW, null)));
        read(PackageControls.upsert(definition("unsalted", IdFormat.SHA256, "nope")));
        PackageControl noTiers = PackageControls.upsert(definition("tierless", IdFormat.MD5, "s1"));
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
        envelope.record = control;
        return envelope;
    }

    private List<DeadLetter> deadLetters() {
        var records = harness.getSideOutput(RecordIngest.DEAD_LETTERS);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static PackageDefinition definition(String id, IdFormat format, String salt) {
        return new PackageDefinition(id, "c1", EnumSet.of(Tier.DEVOTED), 0, false, format, salt, 0);
    }
}
