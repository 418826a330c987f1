package io.fanscore.jobs;

import io.fanscore.connectors.avro.ShippedSchemas;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.jobs.testutils.BoundedReplay;
import io.fanscore.jobs.testutils.ExpectedTierChanges;
import io.fanscore.jobs.testutils.PipelineITCaseBase;
import io.fanscore.jobs.testutils.ScenarioWorkload;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.TierChange;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scoring job end to end on Kafka: a real broker, a MiniCluster with the RocksDB backend and
 * checkpoints, exactly-once sinks, a bounded replay read back with read_committed, producers on two
 * schema versions. The rules themselves are checked without a broker ({@link ScoringRulesITCase}).
 */
class FanScoringJobITCase extends PipelineITCaseBase {

    private static final SingleObjectCodec<InteractionEvent> EVENTS =
            new SingleObjectCodec<>(InteractionEvent.class);

    @Test
    void producersOnSchemaV1AndV2AreReadByTheSameJob() throws Exception {
        List<InteractionEvent> events = ScenarioWorkload.generate(13, 200);
        Schema v1 = ShippedSchemas.versionsOf(InteractionEvent.getClassSchema()).get(1);
        BinaryMessageEncoder<InteractionEvent> v1Writer =
                new BinaryMessageEncoder<>(SpecificData.get(), v1);
        BoundedReplay replay =
                new BoundedReplay(KAFKA, "versions", 2).produce(List.of(), List.of());
        List<Map.Entry<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            InteractionEvent event = events.get(i);
            byte[] value = i % 2 == 0 ? EVENTS.encode(event) : v1Writer.encode(event).array();
            records.add(Map.entry(key(event.getCreatorId()), value));
        }
        KAFKA.produce(replay.topic("interactions"), records);

        BoundedReplay.Outputs outputs = replay.run(checkpoints);

        assertThat(outputs.deadLetters()).isEmpty();
        assertThat(sorted(outputs.tierChanges()))
                .isEqualTo(sorted(ExpectedTierChanges.of(ScoringFixtures.general(), events)));
    }

    private BoundedReplay.Outputs replay(String name, List<InteractionEvent> events)
            throws Exception {
        return new BoundedReplay(KAFKA, name, 2).produce(events, List.of()).run(checkpoints);
    }

    private static byte[] key(String creator) {
        return creator.getBytes(StandardCharsets.UTF_8);
    }

    private static List<TierChange> sorted(List<TierChange> changes) {
        List<TierChange> result = new ArrayList<>(changes);
        result.sort(Comparator.comparing(TierChange::getChangeId));
        return result;
    }
}
