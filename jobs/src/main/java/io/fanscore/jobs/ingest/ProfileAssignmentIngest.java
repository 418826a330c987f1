package io.fanscore.jobs.ingest;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.rules.scoring.ProfileSet;
import io.fanscore.schema.ProfileAssignment;

import org.apache.flink.util.Collector;

/** Ingest of {@code creator.profiles}: valid, on-time assignments go on in their envelopes. */
public final class ProfileAssignmentIngest
        extends RecordIngest<ProfileAssignment, SourceEnvelope<ProfileAssignment>> {

    private final ProfileAssignmentValidator validator;

    public ProfileAssignmentIngest(
            InputLimits limits, ProfileSet profiles, long outOfOrdernessMillis) {
        super(outOfOrdernessMillis);
        this.validator = new ProfileAssignmentValidator(limits, profiles);
    }

    @Override
    protected Rejection check(ProfileAssignment assignment, long readAtMillis) {
        return validator.check(assignment, readAtMillis);
    }

    @Override
    protected long eventTime(ProfileAssignment assignment) {
        return assignment.getEventTime().toEpochMilli();
    }

    @Override
    protected void accept(
            SourceEnvelope<ProfileAssignment> envelope,
            Collector<SourceEnvelope<ProfileAssignment>> out) {
        // With its coordinates: the scorer may still find it late (a dead letter needs them).
        out.collect(envelope);
    }
}
