package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.rules.scoring.ProfileSet;
import io.fanscore.schema.ProfileAssignment;

/** Ingest of {@code creator.profiles}: valid, on-time assignments go on in their envelopes. */
public final class ProfileAssignmentIngest extends EnvelopeIngest<ProfileAssignment> {

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
}
