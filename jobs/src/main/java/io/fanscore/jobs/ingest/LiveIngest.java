package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.LiveEvent;

/**
 * Ingest of {@code creator.live}: valid events go on in their envelopes (live events are few, so
 * they keep their bytes for a dead letter further down).
 */
public final class LiveIngest extends EnvelopeIngest<LiveEvent> {

    private final LiveEventValidator validator;

    public LiveIngest(InputLimits limits, long outOfOrdernessMillis) {
        super(outOfOrdernessMillis);
        this.validator = new LiveEventValidator(limits);
    }

    @Override
    protected Rejection check(LiveEvent event, long readAtMillis) {
        return validator.check(event, readAtMillis);
    }

    @Override
    protected long eventTime(LiveEvent event) {
        return event.getEventTime().toEpochMilli();
    }
}
