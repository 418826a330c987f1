package io.fanscore.jobs;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobConfigDurationsTest {

    @Test
    void optionsTakeFlinksDurationSyntax() {
        JobConfig config =
                JobConfig.fromArgs(
                        "--out-of-orderness", "500ms",
                        "--idleness", "2min",
                        "--checkpoint-interval", "1500");
        assertThat(config.outOfOrderness()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.idleness()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void aBadDurationFailsNamingTheOptionAndTheValue() {
        assertThatThrownBy(() -> JobConfig.fromArgs("--idleness", "a while"))
                .hasMessageContaining("'idleness'")
                .hasMessageContaining("'a while'");
    }
}
