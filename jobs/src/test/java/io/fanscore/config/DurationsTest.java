package io.fanscore.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void readsFlinksUnitsAndBareMilliseconds() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("10 s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("720h")).isEqualTo(Duration.ofHours(720));
        assertThat(Durations.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Durations.parse("1000")).isEqualTo(Duration.ofSeconds(1));
        assertThat(Durations.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90)); // ISO-8601 too
    }

    @Test
    void refusesWhatIsNoDurationWithTheTextInTheMessage() {
        for (String bad : new String[] {"", "soon", "10 parsecs", "1h30m", "-1s", "-PT1H"}) {
            assertThatThrownBy(() -> Durations.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
