package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.ErasureRequest;

/**
 * Ingest of {@code fan.erasures}: valid requests go on in their envelopes. A request behind its
 * partition's bound is not refused as LATE: a fan's deletion must happen whatever its timing, so
 * the scorer applies it at the event time it has reached instead.
 */
public final class ErasureIngest extends EnvelopeIngest<ErasureRequest> {

    private final ErasureValidator validator;

    public ErasureIngest(InputLimits limits, long outOfOrdernessMillis) {
        super(outOfOrdernessMillis);
        this.validator = new ErasureValidator(limits);
    }

    @Override
    protected Rejection check(ErasureRequest request, long readAtMillis) {
        return validator.check(request, readAtMillis);
    }

    @Override
    protected long eventTime(ErasureRequest request) {
        return request.getEventTime().toEpochMilli();
    }

    @Override
    public boolean refusesLate() {
        return false;
    }
}
