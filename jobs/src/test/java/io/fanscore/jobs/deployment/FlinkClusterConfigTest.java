package io.fanscore.jobs.deployment;

import io.fanscore.connectors.FanscoreKafka;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.PredefinedOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.util.NetUtils;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompressionType;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flink-conf/config.yaml} read by Flink's own loader and typed by Flink's own options, so
 * that a typo, a deprecated key or a value of the wrong type fails the build, not a deployment.
 */
class FlinkClusterConfigTest {

    private static Configuration conf;

    @BeforeAll
    static void load() {
        conf = GlobalConfiguration.loadConfiguration(DeploymentFiles.flinkConf().toString());
    }

    @Test
    void everyKeyIsACurrentFlinkOption() {
        assertThat(conf.keySet()).hasSizeGreaterThan(20);
        for (String key : conf.keySet()) {
            assertThat(FlinkOptionKeys.problemWith(key)).as(key).isEmpty();
        }
    }

    @Test
    void theKeyCheckCatchesTyposOldNamesAndUnknownReporterSettings() {
        assertThat(FlinkOptionKeys.problemWith("execution.checkpointing.intervall"))
                .contains("not a Flink option");
        assertThat(FlinkOptionKeys.problemWith("state.backend.incremental"))
                .contains("an old name of execution.checkpointing.incremental");
        assertThat(FlinkOptionKeys.problemWith("metrics.reporter.prom.prot")).isPresent();
        assertThat(FlinkOptionKeys.problemWith("metrics.reporter.prom.factory.class")).isEmpty();
    }

    @Test
    void stateLivesInRocksDbWithIncrementalCheckpointsAndTimers() {
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(conf.get(RocksDBOptions.USE_MANAGED_MEMORY)).isTrue();
        assertThat(conf.get(RocksDBOptions.TIMER_SERVICE_FACTORY))
                .isEqualTo(EmbeddedRocksDBStateBackend.PriorityQueueStateType.ROCKSDB);
        assertThat(conf.get(RocksDBOptions.PREDEFINED_OPTIONS))
                .isIn(
                        PredefinedOptions.FLASH_SSD_OPTIMIZED.name(),
                        PredefinedOptions.DEFAULT.name());
    }

    @Test
    void recentLevelsAreUncompressedAndFilteredAsTheJobSetsThemToo() {
        Configuration job =
                io.fanscore.jobs.FlinkSettings.forJob(
                        io.fanscore.jobs.JobConfig.from(new Configuration()));
        for (Configuration settings : List.of(conf, job)) {
            assertThat(settings.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                    .startsWith(CompressionType.NO_COMPRESSION, CompressionType.NO_COMPRESSION)
                    .last()
                    .isEqualTo(CompressionType.LZ4_COMPRESSION);
            assertThat(settings.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isTrue();
        }
    }

    @Test
    void checkpointsAreRetainedAndFinishWellInsideTheKafkaTransactionTimeout() {
        Duration interval = conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        Duration timeout = conf.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT);
        assertThat(interval).isEqualTo(Duration.ofSeconds(10));
        // A transaction spans an interval, a checkpoint and the commit after it.
        assertThat(interval.plus(timeout)).isLessThan(FanscoreKafka.TRANSACTION_TIMEOUT);
        assertThat(conf.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS)).isPositive();
        assertThat(conf.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)).isPositive();
        assertThat(conf.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(conf.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS)).isGreaterThan(1);
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).contains("://");
        assertThat(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).contains("://");
    }

    @Test
    void unalignedCheckpointsStartAlignedAndSwitchUnderBackpressure() {
        assertThat(conf.get(CheckpointingOptions.ENABLE_UNALIGNED)).isTrue();
        assertThat(conf.get(CheckpointingOptions.FORCE_UNALIGNED)).isFalse();
        assertThat(conf.get(CheckpointingOptions.ALIGNED_CHECKPOINT_TIMEOUT))
                .isPositive()
                .isLessThan(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
    }

    @Test
    void restartsBackOffExponentiallyButNeverPastTheTransactionTimeout() {
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo(
                        RestartStrategyOptions.RestartStrategyType.EXPONENTIAL_DELAY
                                .getMainValue());
        Duration initial =
                conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF);
        Duration max =
                conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF);
        assertThat(initial).isPositive().isLessThan(max);
        assertThat(max.plus(conf.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT)))
                .isLessThan(FanscoreKafka.TRANSACTION_TIMEOUT);
        assertThat(
                        conf.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER))
                .isGreaterThan(1.0);
        assertThat(
                        conf.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR))
                .isBetween(0.0, 1.0);
    }

    @Test
    void memoryAddsUpTheWayFlinkComputesIt() {
        // The same computation a TaskManager does at start-up: it fails on inconsistent sizes.
        TaskExecutorProcessSpec taskManager = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        assertThat(taskManager.getTotalProcessMemorySize())
                .isEqualTo(conf.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY));
        assertThat(taskManager.getManagedMemorySize())
                .isGreaterThan(MemorySize.parse("1g"))
                .isGreaterThan(taskManager.getTaskHeapSize());
        assertThat(conf.get(TaskManagerOptions.NUM_TASK_SLOTS)).isPositive();
        assertThat(JobManagerProcessUtils.processSpecFromConfig(conf).getTotalProcessMemorySize())
                .isEqualTo(MemorySize.parse("1600m"));
    }

    @Test
    void everyProcessServesPrometheusMetricsWithoutPerAttemptLabels() throws Exception {
        Map<String, String> reporter = reporterSettings("prom");
        assertThat(Class.forName(reporter.get("factory.class")))
                .isEqualTo(org.apache.flink.metrics.prometheus.PrometheusReporterFactory.class);
        Iterator<Integer> ports = NetUtils.getPortRangeFromString(reporter.get("port"));
        int count = 0;
        while (ports.hasNext()) {
            assertThat(ports.next()).isBetween(1024, 65535);
            count++;
        }
        assertThat(count).as("ports for JobManager and TaskManagers on one host").isGreaterThan(1);
        assertThat(reporter.get("scope.variables.excludes").split(";"))
                .contains("task_attempt_id", "task_attempt_num");
    }

    private static Map<String, String> reporterSettings(String name) {
        String prefix = "metrics.reporter." + name + ".";
        Map<String, String> settings = new java.util.TreeMap<>();
        conf.toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(prefix)) {
                                settings.put(key.substring(prefix.length()), value);
                            }
                        });
        return settings;
    }
}
