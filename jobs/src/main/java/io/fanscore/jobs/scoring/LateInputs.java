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

    DeadLetter liveStart(CreatorSignal signal, long watermark) {
        LiveEvent start = signal.start;
        return DeadLetters.of(
                liveTopic,
                signal.partition,
                signal.offset,
                start.getCreatorId().getBytes(StandardCharsets.UTF_8),
                liveCodec.encode(start),
                DeadLetterReason.LATE,
                "live start at "
                        + start.getEventTime()
                        + " reached its fans after their event time had passed "
                        + watermark);
    }

    DeadLetter push(CreatorSignal signal, long watermark) {
        CreatorPush push = signal.push;
        return DeadLetters.of(
                pushTopic,
                signal.partition,
                signal.offset,
                push.getCreatorId().getBytes(StandardCharsets.UTF_8),
                pushCodec.encode(push),
                DeadLetterReason.LATE,
                "accepted push at "
                        + push.getEventTime()
                        + " reached its fans after their event time had passed "
                        + watermark);
    }
}
