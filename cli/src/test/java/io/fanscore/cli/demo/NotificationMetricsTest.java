package io.fanscore.cli.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationMetricsTest {

    @Test
    void suppressedNotificationsAreSummedOverSubtasksByReason() {
        String exposition =
                String.join(
                        "\n",
                        "# HELP flink_taskmanager_job_task_operator_fanscore_reason_notifications_suppressed x",
                        "# TYPE flink_taskmanager_job_task_operator_fanscore_reason_notifications_suppressed counter",
                        "flink_taskmanager_job_task_operator_fanscore_reason_notifications_suppressed"
                                + "{job_id=\"j\",reason=\"cap_pair\",subtask_index=\"0\",} 12.0",
                        "flink_taskmanager_job_task_operator_fanscore_reason_notifications_suppressed"
                                + "{job_id=\"j\",reason=\"cap_pair\",subtask_index=\"1\",} 30.0",
                        "flink_taskmanager_job_task_operator_fanscore_reason_notifications_suppressed"
                                + "{job_id=\"j\",reason=\"cap_fan\",subtask_index=\"1\",} 2.0",
                        "flink_taskmanager_job_task_operator_fanscore_notifications_sent"
                                + "{job_id=\"j\",subtask_index=\"1\",} 99.0");

        assertThat(NotificationMetrics.parse(exposition))
                .containsExactlyEntriesOf(
                        new java.util.TreeMap<>(java.util.Map.of("cap_fan", 2L, "cap_pair", 42L)));
    }
}
