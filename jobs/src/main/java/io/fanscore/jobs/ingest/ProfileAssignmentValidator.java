package io.fanscore.jobs.ingest;

import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.rules.scoring.ProfileSet;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.ProfileAssignment;

import java.io.Serializable;

/**
 * The checks of SPEC §9 and §11 on a decoded profile assignment: every field present, ids within
 * limits, a sane event time, and a profile this job holds (an unknown name is INVALID_VALUE).
 */
public final class ProfileAssignmentValidator implements Serializable {

    private final InputLimits limits;
    private final ProfileSet profiles;

    public ProfileAssignmentValidator(InputLimits limits, ProfileSet profiles) {
        this.limits = limits;
        this.profiles = profiles;
    }

    /** The rejection, or null if the assignment is valid, judged against the wall clock now. */
    public Rejection check(ProfileAssignment assignment) {
        return check(assignment, System.currentTimeMillis());
    }

    /** The rejection, or null if valid, for a record read at {@code readAtMillis}. */
    public Rejection check(ProfileAssignment assignment, long readAtMillis) {
        String missing = null;
        if (FieldChecks.isEmpty(assignment.getCreatorId())) {
            missing = "creator_id";
        } else if (FieldChecks.isEmpty(assignment.getProfile())) {
            missing = "profile";
        } else if (assignment.getEventTime() == null) {
            missing = "event_time";
        }
        if (missing != null) {
            return FieldChecks.missing(missing);
        }
        String invalid = FieldChecks.tooLong("creator_id", assignment.getCreatorId(), limits);
        if (invalid == null && profiles.available(assignment.getProfile()) == null) {
            invalid =
                    "profile '"
                            + assignment.getProfile()
                            + "' is not one this job holds "
                            + profiles.availableNames();
        }
        if (invalid == null) {
            invalid = FieldChecks.badEventTime(assignment.getEventTime(), readAtMillis, limits);
        }
        return invalid == null ? null : new Rejection(DeadLetterReason.INVALID_VALUE, invalid);
    }
}
