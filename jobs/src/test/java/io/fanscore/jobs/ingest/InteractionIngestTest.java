package io.fanscore.jobs.ingest;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest shell: every rejection a dead letter with its bytes and coordinates, never a throw.
 */
class InteractionIngestTest {

    private static final long BOUND = 10_000;

    @Test
    void validEventsGoOnWithTheirCoordinatesAndEveryRejectionIsADeadLetter() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processElement(envelope(0, 7, like("ok", noonOf(1))), 0);
            SourceEnvelope<InteractionEvent> undecodable = envelope(1, 3, null);
            undecodable.rejection = DeadLetterReason.UNDECODABLE;
            undecodable.rejectionDetail = "not Avro";
            harness.processElement(undecodable, 0);
            InteractionEvent noFan = like("no-fan", noonOf(1));
            noFan.setFanId("");
            harness.processElement(envelope(0, 8, noFan), 0);

            assertThat(harness.extractOutputValues())
                    .singleElement()
                    .satisfies(
                            e -> {
                                assertThat(e.event.getEventId()).isEqualTo("ok");
                                assertThat(e.partition).isZero();
                                assertThat(e.offset).isEqualTo(7);
                            });
            assertThat(deadLetters(harness))
                    .extracting(
                            DeadLetter::getReason,
                            DeadLetter::getSourcePartition,
                            DeadLetter::getSourceOffset)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    DeadLetterReason.UNDECODABLE, 1, 3L),
                            org.assertj.core.groups.Tuple.tuple(
                                    DeadLetterReason.MISSING_FIELD, 0, 8L));
            // The original bytes go with it, exactly as sent.
            java.nio.ByteBuffer original = deadLetters(harness).get(0).getOriginalValue();
            byte[] bytes = new byte[original.remaining()];
            original.duplicate().get(bytes);
            assertThat(bytes).isEqualTo("raw-1-3".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void lateIsJudgedPerPartitionAndThePartitionsHighWaterSurvivesARestore() throws Exception {
        OperatorSubtaskState checkpoint;
        Instant t = noonOf(1);
        try (var harness = harness()) {
            harness.open();
            harness.processElement(envelope(0, 1, like("ahead", t.plusSeconds(60))), 0);
            // Far behind partition 0, but partition 1 has seen nothing newer.
            harness.processElement(envelope(1, 1, like("other-partition", t)), 0);
            checkpoint = harness.snapshot(1L, 1L);
        }
        try (var restored = harness()) {
            restored.initializeState(checkpoint);
            restored.open();
            restored.processElement(envelope(0, 2, like("late", t)), 0);
            restored.processElement(
                    envelope(
                            0,
                            3,
                            like(
                                    "within-bound",
                                    t.plusSeconds(60).minus(Duration.ofMillis(BOUND)))),
                    0);
            assertThat(restored.extractOutputValues())
                    .extracting(e -> e.event.getEventId())
                    .containsExactly("within-bound");
            assertThat(deadLetters(restored))
                    .extracting(DeadLetter::getReason, DeadLetter::getSourceOffset)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(DeadLetterReason.LATE, 2L));
        }
    }

    private static OneInputStreamOperatorTestHarness<
                    SourceEnvelope<InteractionEvent>, PositionedEvent>
            harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(
                        new InteractionIngest(ScoringFixtures.general().limits(), BOUND)));
    }

    private static List<DeadLetter> deadLetters(
            OneInputStreamOperatorTestHarness<SourceEnvelope<InteractionEvent>, PositionedEvent>
                    harness) {
        var records = harness.getSideOutput(RecordIngest.DEAD_LETTERS);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static InteractionEvent like(String id, Instant at) {
        return ScoringFixtures.event(id, InteractionType.LIKE, at);
    }

    private static SourceEnvelope<InteractionEvent> envelope(
            int partition, long offset, InteractionEvent event) {
        SourceEnvelope<InteractionEvent> envelope = new SourceEnvelope<>();
        envelope.topic = "fan.interactions";
        envelope.partition = partition;
        envelope.offset = offset;
        envelope.key = "creator-1".getBytes(StandardCharsets.UTF_8);
        envelope.value = ("raw-" + partition + "-" + offset).getBytes(StandardCharsets.UTF_8);
        envelope.record = event;
        envelope.readAtMillis = event == null ? 0 : event.getEventTime().toEpochMilli();
        return envelope;
    }
}
