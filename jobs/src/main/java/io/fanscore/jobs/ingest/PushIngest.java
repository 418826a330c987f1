package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.CreatorPush;

/**
 * Ingest of {@code creator.pushes}: valid pushes go on in their envelopes (pushes are few, so they
 * keep their bytes for a dead letter further down).
 */
public final class PushIngest extends EnvelopeIngest<CreatorPush> {

    private final CreatorPushValidator validator;

    public PushIngest(InputLimits limits, long outOfOrdernessMillis) {
        super(outOfOrdernessMillis);
        this.validator = new CreatorPushValidator(limits);
    }

    @Override
    protected Rejection check(CreatorPush event, long readAtMillis) {
        return validator.check(event, readAtMillis);
    }

    @Override
    protected long eventTime(CreatorPush event) {
        return event.getEventTime().toEpochMilli();
    }
}
