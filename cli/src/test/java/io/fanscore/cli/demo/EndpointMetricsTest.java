package io.fanscore.cli.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointMetricsTest {

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

        assertThat(EndpointMetrics.parse(exposition))
                .containsExactlyEntriesOf(
                        new java.util.TreeMap<>(java.util.Map.of("cap_fan", 2L, "cap_pair", 42L)));
    }

    @Test
    void assignedCreatorsAreTheLargestOverSubtasksPerProfile() {
        String exposition =
                String.join(
                        "\n",
                        "flink_taskmanager_job_task_operator_fanscore_profile_assigned_creators"
                                + "{job_id=\"j\",profile=\"local_store\",subtask_index=\"0\",} 1.0",
                        "flink_taskmanager_job_task_operator_fanscore_profile_assigned_creators"
                                + "{job_id=\"j\",profile=\"local_store\",subtask_index=\"1\",} 1.0",
                        "flink_taskmanager_job_task_operator_fanscore_profile_assigned_creators"
                                + "{job_id=\"j\",profile=\"general\",subtask_index=\"1\",} 0.0");

        assertThat(EndpointMetrics.parseAssigned(exposition))
                .containsExactlyEntriesOf(java.util.Map.of("local-store", 1L));
    }
}
