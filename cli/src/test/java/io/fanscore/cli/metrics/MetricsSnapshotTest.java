package io.fanscore.cli.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsSnapshotTest {

    private static final String P = MetricsSnapshot.PREFIX;

    @Test
    void seriesAreSummedOverSubtasksAndEndpointsByALabelOrTwo() {
        MetricsSnapshot metrics =
                new MetricsSnapshot()
                        .add(
                                String.join(
                                        "\n",
                                        "# TYPE " + P + "tier_fans gauge",
                                        P + "tier_fans{subtask_index=\"0\",tier=\"CASUAL\",} 3.0",
                                        P + "tier_fans{subtask_index=\"1\",tier=\"CASUAL\",} 4.0",
                                        P + "tier_fans{subtask_index=\"0\",tier=\"DEVOTED\",} 1.0",
                                        P + "event_time_lag_ms{subtask_index=\"0\",} NaN",
                                        "flink_jobmanager_job_uptime 12.0",
                                        P
                                                + "from_to_tier_transitions{from=\"NONE\",to=\"CASUAL\",subtask_index=\"0\",} 7.0"))
                        .add(
                                P
                                        + "tier_fans{subtask_index=\"0\",tier=\"CASUAL\",tm_id=\"tm-2\",} 2.0\n");

        assertThat(metrics.by("tier_fans", "tier"))
                .containsExactly(Map.entry("CASUAL", 9L), Map.entry("DEVOTED", 1L));
        assertThat(metrics.largestBy("tier_fans", "tier")).containsEntry("CASUAL", 4L);
        assertThat(metrics.total("tier_fans")).isEqualTo(10);
        assertThat(metrics.by("from_to_tier_transitions", "from", "to"))
                .containsExactly(Map.entry("NONE→CASUAL", 7L));
        assertThat(metrics.total("event_time_lag_ms")).as("NaN is no sample").isZero();
        assertThat(metrics.total("uptime")).as("not a fanscore metric").isZero();
        assertThat(metrics.isEmpty()).isFalse();
        assertThat(new MetricsSnapshot().add("flink_jobmanager_job_uptime 1\n").isEmpty()).isTrue();
    }
}
