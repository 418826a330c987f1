package io.fanscore.cli.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local cluster runs the production configuration, changed only where a laptop must differ. */
class ClusterConfigurationTest {

    /** Tests run in the cli module; the production configuration is in the repository. */
    private static final Path PRODUCTION = Path.of("..", "flink-conf").toAbsolutePath();

    @TempDir Path clusterDir;

    @Test
    void keepsProductionSettingsAndOverridesAddressesPortsMemoryAndDirectories() throws Exception {
        ClusterPorts ports = new ClusterPorts(18081, 16123, List.of(19250, 19251, 19252));
        ClusterConfiguration.write(
                ClusterConfiguration.derive(PRODUCTION, clusterDir, ports),
                clusterDir.resolve("conf"));

        // Read back the way the cluster's processes read it.
        Map<String, String> written = ClusterConfiguration.read(clusterDir.resolve("conf")).toMap();
        Map<String, String> production = ClusterConfiguration.read(PRODUCTION).toMap();

        assertThat(written)
                .containsEntry("restart-strategy.type", production.get("restart-strategy.type"))
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry(
                        "execution.checkpointing.unaligned.enabled",
                        production.get("execution.checkpointing.unaligned.enabled"))
                .containsEntry("taskmanager.numberOfTaskSlots", "2")
                .containsEntry("rest.port", "18081")
                .containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("jobmanager.rpc.port", "16123")
                .containsEntry("taskmanager.bind-host", "127.0.0.1")
                .containsEntry("metrics.reporter.prom.port", "19250")
                .containsEntry(
                        "execution.checkpointing.dir",
                        clusterDir.resolve("checkpoints").toUri().toString())
                .containsEntry(
                        "taskmanager.memory.process.size",
                        ClusterConfiguration.TASK_MANAGER_MEMORY);
        assertThat(production.get("taskmanager.memory.process.size"))
                .isNotEqualTo(ClusterConfiguration.TASK_MANAGER_MEMORY);
        assertThat(clusterDir.resolve("conf").resolve(ClusterConfiguration.LOG_CONFIG_FILE))
                .content()
                .contains("${sys:log.file}");
    }

    @Test
    void freePortsAreDistinct() {
        ClusterPorts ports = ClusterPorts.free(2);
        assertThat(ports.all()).hasSize(5).doesNotHaveDuplicates();
        assertThat(ports.taskManagerMetrics(2)).isEqualTo(ports.metrics().get(2));
    }
}
