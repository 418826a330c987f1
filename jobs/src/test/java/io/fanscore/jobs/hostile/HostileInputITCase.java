package io.fanscore.jobs.hostile;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.jobs.JobOptions;
import io.fanscore.jobs.testutils.BoundedReplay;
import io.fanscore.jobs.testutils.ExpectedTierChanges;
import io.fanscore.jobs.testutils.HostileRecords;
import io.fanscore.jobs.testutils.PipelineITCaseBase;
import io.fanscore.jobs.testutils.ScenarioWorkload;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.TierChange;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10 000 records a job must reject, interleaved with a valid workload, through the real broker and
 * job: the job never fails (no restarts allowed), the valid workload's tier changes are exactly
 * those of a clean run, and every bad record is dead-lettered once, with its bytes.
 */
class HostileInputITCase extends PipelineITCaseBase {

    private static final int HOSTILE = 10_000;

    @Test
    void tenThousandHostileRecordsAreDeadLetteredAndChangeNothingElse() throws Exception {
        List<InteractionEvent> valid = ScenarioWorkload.generate(21, 200);
        SingleObjectCodec<InteractionEvent> codec = new SingleObjectCodec<>(InteractionEvent.class);
        HostileRecords hostile = new HostileRecords(99);
        Random random = new Random(5);
        List<Map.Entry<byte[], byte[]>> records = new ArrayList<>();
        List<byte[]> badValues = new ArrayList<>();
        int validIndex = 0;
        while (validIndex < valid.size() || badValues.size() < HOSTILE) {
            boolean sendBad =
                    badValues.size() < HOSTILE
                            && (validIndex >= valid.size() || random.nextInt(100) < 87);
            if (sendBad) {
                InteractionEvent template = valid.get(random.nextInt(valid.size()));
                byte[] bad = hostile.next(template);
                badValues.add(bad);
                records.add(Map.entry(key(template.getCreatorId()), bad));
            } else {
                InteractionEvent event = valid.get(validIndex++);
                records.add(Map.entry(key(event.getCreatorId()), codec.encode(event)));
            }
        }
        BoundedReplay replay = new BoundedReplay(KAFKA, "hostile", 1).produce(List.of(), List.of());
        KAFKA.produce(replay.topic("interactions"), records);

        BoundedReplay.Outputs outputs =
                replay.run(
                        JobOptions.flinkSetting(
                                replay.options(checkpoints), "restart-strategy.type", "none"));

        assertThat(sorted(outputs.tierChanges()))
                .isEqualTo(sorted(ExpectedTierChanges.of(ScoringFixtures.general(), valid)));
        assertThat(outputs.deadLetters()).hasSize(HOSTILE);
        assertThat(outputs.deadLetters().stream().map(DeadLetter::getDeadLetterId).distinct())
                .hasSize(HOSTILE);
        assertThat(outputs.deadLetters().stream().map(d -> bytes(d.getOriginalValue())).toList())
                .containsExactlyInAnyOrderElementsOf(
                        badValues.stream()
                                .map(b -> ByteBuffer.wrap(b))
                                .map(HostileInputITCase::bytes)
                                .toList());
    }

    private static String bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static byte[] key(String creator) {
        return creator == null ? null : creator.getBytes(StandardCharsets.UTF_8);
    }

    private static List<TierChange> sorted(List<TierChange> changes) {
        List<TierChange> result = new ArrayList<>(changes);
        result.sort(Comparator.comparing(TierChange::getChangeId));
        return result;
    }
}
