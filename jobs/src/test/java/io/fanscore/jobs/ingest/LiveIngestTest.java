package io.fanscore.jobs.ingest;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.EventTimes;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest of live events: valid ones go on in their envelopes, every rejection is a dead letter
 * with its bytes and coordinates, never a throw.
 */
class LiveIngestTest {

    private static final long BOUND = 10_000;

    private static final TypeInformation<SourceEnvelope<LiveEvent>> ENVELOPE =
            new TypeHint<SourceEnvelope<LiveEvent>>() {}.getTypeInfo();

    @Test
    void validStartsGoOnInTheirEnvelopesAndEveryRejectionIsADeadLetter() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processElement(envelope(0, 7, start("ok", noonOf(1))), 0);
            SourceEnvelope<LiveEvent> undecodable = envelope(1, 3, null);
            undecodable.rejection = DeadLetterReason.UNDECODABLE;
            undecodable.rejectionDetail = "not Avro";
            harness.processElement(undecodable, 0);
            LiveEvent noCreator = start("no-creator", noonOf(1));
            noCreator.setCreatorId("");
            harness.processElement(envelope(0, 8, noCreator), 0);
            LiveEvent unknown = start("unknown", noonOf(1));
            unknown.setType(LiveEventType.UNKNOWN);
            harness.processElement(envelope(0, 9, unknown), 0);
            SourceEnvelope<LiveEvent> ahead = envelope(0, 10, start("ahead", noonOf(1)));
            ahead.readAtMillis = noonOf(1).minus(Duration.ofHours(2)).toEpochMilli();
            harness.processElement(ahead, 0);

            assertThat(harness.extractOutputValues())
                    .singleElement()
                    .satisfies(
                            e -> {
                                assertThat(e.record.getLiveId()).isEqualTo("ok");
                                assertThat(e.partition).isZero();
                                assertThat(e.offset).isEqualTo(7);
                                // Live events keep their bytes for a dead letter further down.
                                assertThat(e.value)
                                        .isEqualTo("raw-0-7".getBytes(StandardCharsets.UTF_8));
                            });
            List<DeadLetter> letters = deadLetters(harness);
            assertThat(letters)
                    .extracting(
                            DeadLetter::getReason,
                            DeadLetter::getSourcePartition,
                            DeadLetter::getSourceOffset)
                    .containsExactly(
                            Tuple.tuple(DeadLetterReason.UNDECODABLE, 1, 3L),
                            Tuple.tuple(DeadLetterReason.MISSING_FIELD, 0, 8L),
                            Tuple.tuple(DeadLetterReason.UNKNOWN_TYPE, 0, 9L),
                            Tuple.tuple(DeadLetterReason.INVALID_VALUE, 0, 10L));
            assertThat(letters.get(0).getDetail()).isEqualTo("not Avro");
            assertThat(letters.get(1).getDetail()).contains("creator_id");
            assertThat(letters.get(3).getDetail()).contains("ahead of the wall clock");
            java.nio.ByteBuffer original = letters.get(1).getOriginalValue();
            byte[] bytes = new byte[original.remaining()];
            original.duplicate().get(bytes);
            assertThat(bytes).isEqualTo("raw-0-8".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRecordJudgedByTheTimestampAssignerKeepsThatVerdictAndIsNotJudgedAgain() throws Exception {
        EventTimes<LiveEvent> refuseAll =
                new EventTimes<>(
                        (event, readAt) ->
                                new Rejection(DeadLetterReason.INVALID_VALUE, "refused upstream"));
        EventTimes<LiveEvent> acceptAll = new EventTimes<>((event, readAt) -> null);
        SourceEnvelope<LiveEvent> refused = envelope(0, 1, start("refused", noonOf(1)));
        refuseAll.eventTime(refused);
        // Invalid for the ingest's own check, but already judged valid where its time was read.
        LiveEvent unknown = start("unknown", noonOf(1));
        unknown.setType(LiveEventType.UNKNOWN);
        SourceEnvelope<LiveEvent> accepted = envelope(0, 2, unknown);
        acceptAll.eventTime(accepted);

        try (var harness = harness()) {
            harness.open();
            harness.processElement(refused, 0);
            harness.processElement(accepted, 0);

            assertThat(harness.extractOutputValues())
                    .extracting(e -> e.record.getLiveId())
                    .containsExactly("unknown");
            assertThat(deadLetters(harness))
                    .extracting(
                            DeadLetter::getReason,
                            DeadLetter::getSourceOffset,
                            DeadLetter::getDetail)
                    .containsExactly(
                            Tuple.tuple(DeadLetterReason.INVALID_VALUE, 1L, "refused upstream"));
        }
    }

    // Lateness per partition, across a restore, is RecordIngest's, the same code for both inputs:
    // tested once, in InteractionIngestTest.

    private static OneInputStreamOperatorTestHarness<
                    SourceEnvelope<LiveEvent>, SourceEnvelope<LiveEvent>>
            harness() throws Exception {
        OneInputStreamOperatorTestHarness<SourceEnvelope<LiveEvent>, SourceEnvelope<LiveEvent>>
                harness =
                        new OneInputStreamOperatorTestHarness<>(
                                new ProcessOperator<>(
                                        new LiveIngest(ScoringFixtures.general().limits(), BOUND)));
        // The type the job declares: outputs are copied with it, not with a guessed one.
        harness.setup(
                ENVELOPE.createSerializer(harness.getExecutionConfig().getSerializerConfig()));
        return harness;
    }

    private static List<DeadLetter> deadLetters(
            OneInputStreamOperatorTestHarness<SourceEnvelope<LiveEvent>, SourceEnvelope<LiveEvent>>
                    harness) {
        var records = harness.getSideOutput(RecordIngest.DEAD_LETTERS);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    /** A LIVE_START of {@link ScoringFixtures#CREATOR}. */
    private static LiveEvent start(String liveId, Instant at) {
        return ScoringFixtures.liveStart(liveId, ScoringFixtures.CREATOR, at);
    }

    private static SourceEnvelope<LiveEvent> envelope(int partition, long offset, LiveEvent event) {
        SourceEnvelope<LiveEvent> envelope = new SourceEnvelope<>();
        envelope.topic = "creator.live";
        envelope.partition = partition;
        envelope.offset = offset;
        envelope.key = ScoringFixtures.CREATOR.getBytes(StandardCharsets.UTF_8);
        envelope.value = ("raw-" + partition + "-" + offset).getBytes(StandardCharsets.UTF_8);
        envelope.record = event;
        envelope.readAtMillis = event == null ? 0 : event.getEventTime().toEpochMilli();
        return envelope;
    }
}
