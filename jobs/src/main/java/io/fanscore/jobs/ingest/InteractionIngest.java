package io.fanscore.jobs.ingest;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.InteractionEvent;

import org.apache.flink.util.Collector;

/** Ingest of {@code fan.interactions}: valid events go on with their source coordinates. */
public final class InteractionIngest extends RecordIngest<InteractionEvent, PositionedEvent> {

    private final InteractionValidator validator;

    public InteractionIngest(InputLimits limits, long outOfOrdernessMillis) {
        super(outOfOrdernessMillis);
        this.validator = new InteractionValidator(limits);
    }

    @Override
    protected Rejection check(InteractionEvent event, long readAtMillis) {
        return validator.check(event, readAtMillis);
    }

    @Override
    protected long eventTime(InteractionEvent event) {
        return event.getEventTime().toEpochMilli();
    }

    @Override
    protected void accept(
            SourceEnvelope<InteractionEvent> envelope, Collector<PositionedEvent> out) {
        metrics.interaction(envelope.record.getType());
        out.collect(new PositionedEvent(envelope.record, envelope.partition, envelope.offset));
    }
}
