package io.fanscore.connectors.kafka.eventtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityClockTest {

    @Test
    void standsStillWhileTheReaderHadMoreButWasNotAsked() {
        ActivityClock clock = new ActivityClock();
        clock.onPoll(1_000);
        clock.onReturn(1_000, true);
        clock.onPoll(6_000); // five seconds of backpressure

        assertThat(clock.at(6_000)).isEqualTo(1_000);
    }

    @Test
    void runsOnWhileTheReaderWaitedForRecords() {
        ActivityClock clock = new ActivityClock();
        clock.onPoll(1_000);
        clock.onReturn(1_000, false);
        clock.onPoll(6_000);

        assertThat(clock.at(6_000)).isEqualTo(6_000);
    }
}
