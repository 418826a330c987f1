package io.fanscore.jobs.scoring;

import io.fanscore.rules.scoring.ProfileSchedule;
import io.fanscore.rules.scoring.ProfileSet;
import io.fanscore.schema.ProfileAssignment;

import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;

import java.util.Map;

/**
 * The scorer's runtime profile assignments ({@link ProfileSchedule}), kept in broadcast state so
 * that every subtask restores all of them, whatever the parallelism it comes back at, and the
 * wake-up of a reassigned creator's pairs at the day start the assignment takes effect at.
 */
final class ProfileSwitches {

    /** Creator → its switches as {@link ProfileSchedule#encode} writes them. */
    static final MapStateDescriptor<String, String> STATE =
            new MapStateDescriptor<>(
                    PairScoringOperator.PROFILE_SWITCHES, Types.STRING, Types.STRING);

    private final ProfileSchedule schedule;
    private final BroadcastState<String, String> saved;

    private ProfileSwitches(ProfileSchedule schedule, BroadcastState<String, String> saved) {
        this.schedule = schedule;
        this.saved = saved;
    }

    static ProfileSwitches restore(ProfileSet profiles, OperatorStateStore store) throws Exception {
        ProfileSwitches switches =
                new ProfileSwitches(
                        new ProfileSchedule(profiles.defaultProfile().clock()),
                        store.getBroadcastState(STATE));
        for (Map.Entry<String, String> creator : switches.saved.immutableEntries()) {
            for (String profile : ProfileSchedule.profilesOf(creator.getValue()).values()) {
                if (profiles.available(profile) == null) {
                    throw new IllegalStateException(
                            "creator "
                                    + creator.getKey()
                                    + " was assigned profile '"
                                    + profile
                                    + "' at runtime, which this job does not hold "
                                    + profiles.availableNames()
                                    + "; list it under 'available' in the assignments file");
                }
            }
            switches.schedule.restore(creator.getKey(), creator.getValue());
        }
        return switches;
    }

    /** The day start {@code assignment} takes effect at. */
    long effectiveAt(ProfileAssignment assignment) {
        return schedule.effectiveAt(assignment.getEventTime().toEpochMilli());
    }

    ProfileSchedule schedule() {
        return schedule;
    }

    /**
     * Records an assignment and wakes each pair of its creator in this subtask at the day start it
     * takes effect at, so the new rules (that day's decay included) start there without an event.
     * One scan of the subtask's keys; assignments are rare.
     */
    void apply(ProfileAssignment assignment, KeyedStateBackend<?> pairsByBucket, PairWakes wakes)
            throws Exception {
        long effective = assign(assignment, wakes.currentWatermark());
        String creator = assignment.getCreatorId();
        CreatorPairs.visit(
                pairsByBucket,
                creator::equals,
                (owner, fan, state) -> wakes.armBy(fan, state, effective));
    }

    /**
     * Records an assignment that arrived while event time stood at {@code watermark}; returns the
     * day start it takes effect at.
     */
    private long assign(ProfileAssignment assignment, long watermark) throws Exception {
        String creator = assignment.getCreatorId();
        long effective =
                schedule.assign(
                        creator, assignment.getProfile(), assignment.getEventTime().toEpochMilli());
        schedule.forgetBefore(creator, watermark);
        saved.put(creator, schedule.encode(creator));
        return effective;
    }
}
