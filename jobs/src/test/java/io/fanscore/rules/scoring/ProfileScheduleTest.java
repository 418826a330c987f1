package io.fanscore.rules.scoring;

import org.junit.jupiter.api.Test;

import static io.fanscore.rules.scoring.ScoringFixtures.ZONE;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;

class ProfileScheduleTest {

    private final ProfileSchedule schedule = new ProfileSchedule(new DayClock(ZONE));

    @Test
    void anAssignmentTakesEffectAtTheFirstDayStartAfterItsTime() {
        assertThat(schedule.assign("c", "local-store", noonOf(3).toEpochMilli()))
                .isEqualTo(startOf(4).toEpochMilli());
        assertThat(schedule.assign("d", "local-store", startOf(3).toEpochMilli()))
                .isEqualTo(startOf(4).toEpochMilli());
        assertThat(schedule.profileAt("c", startOf(4).toEpochMilli() - 1)).isNull();
        assertThat(schedule.profileAt("c", startOf(4).toEpochMilli())).isEqualTo("local-store");
        assertThat(schedule.profileAt("other", startOf(9).toEpochMilli())).isNull();
        assertThat(schedule.hasAny("other")).isFalse();
    }

    @Test
    void ofTwoForTheSameDayStartTheLaterEventTimeWinsWhateverTheArrivalOrder() {
        ProfileSchedule inOrder = new ProfileSchedule(new DayClock(ZONE));
        inOrder.assign("c", "local-store", noonOf(3).toEpochMilli());
        inOrder.assign("c", "considered-online", noonOf(3).toEpochMilli() + 1);
        schedule.assign("c", "considered-online", noonOf(3).toEpochMilli() + 1);
        schedule.assign("c", "local-store", noonOf(3).toEpochMilli());
        long day4 = startOf(4).toEpochMilli();
        assertThat(inOrder.profileAt("c", day4)).isEqualTo("considered-online");
        assertThat(schedule.profileAt("c", day4)).isEqualTo("considered-online");
    }

    @Test
    void switchesAreListedInOrderAndOldOnesForgotten() {
        schedule.assign("c", "local-store", noonOf(3).toEpochMilli());
        schedule.assign("c", "general", noonOf(6).toEpochMilli());
        schedule.assign("c", "considered-online", noonOf(9).toEpochMilli());
        assertThat(schedule.switchesIn("c", startOf(2).toEpochMilli(), startOf(7).toEpochMilli()))
                .containsExactly(startOf(4).toEpochMilli(), startOf(7).toEpochMilli());
        assertThat(schedule.nextSwitchAfter("c", startOf(7).toEpochMilli()))
                .isEqualTo(startOf(10).toEpochMilli());
        assertThat(schedule.nextSwitchAfter("c", startOf(10).toEpochMilli()))
                .isEqualTo(Long.MAX_VALUE);

        schedule.forgetBefore("c", startOf(8).toEpochMilli());
        assertThat(schedule.profileAt("c", startOf(8).toEpochMilli())).isEqualTo("general");
        assertThat(schedule.profileAt("c", startOf(5).toEpochMilli())).isNull();
        assertThat(schedule.profileAt("c", startOf(10).toEpochMilli()))
                .isEqualTo("considered-online");
    }

    @Test
    void whatIsSavedIsRestored() {
        schedule.assign("c", "local-store", noonOf(3).toEpochMilli());
        schedule.assign("c", "general", noonOf(6).toEpochMilli());
        ProfileSchedule restored = new ProfileSchedule(new DayClock(ZONE));
        restored.restore("c", schedule.encode("c"));
        assertThat(restored.encode("c")).isEqualTo(schedule.encode("c"));
        assertThat(restored.profileAt("c", startOf(5).toEpochMilli())).isEqualTo("local-store");
        assertThat(restored.profileAt("c", startOf(7).toEpochMilli())).isEqualTo("general");
    }
}
