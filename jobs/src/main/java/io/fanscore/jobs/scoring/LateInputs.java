package io.fanscore.jobs.scoring;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.ProfileAssignment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The dead letters of inputs that reached the scorer after its event time had passed them: the
 * original record re-encoded, where it was read from, and why.
 */
final class LateInputs {

    private final String interactionsTopic;
    private final String liveTopic;
    private final SingleObjectCodec<InteractionEvent> interactionCodec =
            new SingleObjectCodec<>(InteractionEvent.class);
    private final SingleObjectCodec<LiveEvent> liveCodec = new SingleObjectCodec<>(LiveEvent.class);
    private final SingleObjectCodec<CreatorPush> pushCodec =
            new SingleObjectCodec<>(CreatorPush.class);
    private final String pushTopic;

    LateInputs(String interactionsTopic, String liveTopic, String pushTopic) {
        this.interactionsTopic = interactionsTopic;
        this.liveTopic = liveTopic;
        this.pushTopic = pushTopic;
    }

    DeadLetter interaction(PositionedEvent input, long watermark) {
        return DeadLetters.of(
                interactionsTopic,
                input.partition,
                input.offset,
                input.event.getCreatorId().getBytes(StandardCharsets.UTF_8),
                interactionCodec.encode(input.event),
                DeadLetterReason.LATE,
                "event_time " + input.eventTime() + " is at or behind the watermark " + watermark);
    }

    DeadLetter assignment(SourceEnvelope<ProfileAssignment> assignment, long watermark) {
        return DeadLetters.of(
                assignment,
                DeadLetterReason.LATE,
                "profile assignment at "
                        + assignment.record.getEventTime()
                        + " reached the scorer after event time "
                        + watermark
                        + " had passed the day start it takes effect at");
    }

    /** A live start or push that reached its creator's buckets after their event time passed it. */
    DeadLetter creatorSignal(CreatorSignal signal, long watermark) {
        byte[] value =
                signal.isPush() ? pushCodec.encode(signal.push) : liveCodec.encode(signal.start);
        return DeadLetters.of(
                signal.isPush() ? pushTopic : liveTopic,
                signal.partition,
                signal.offset,
                signal.creatorId().getBytes(StandardCharsets.UTF_8),
                value,
                DeadLetterReason.LATE,
                (signal.isPush() ? "push" : "live start")
                        + " at "
                        + Instant.ofEpochMilli(signal.time())
                        + " reached its fans after their event time had passed "
                        + watermark);
    }
}
