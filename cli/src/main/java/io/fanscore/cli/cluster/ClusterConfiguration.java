package io.fanscore.cli.cluster;

import io.fanscore.cli.process.RollingLogConfig;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.GlobalConfiguration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local cluster's {@code conf/}: the production {@code config.yaml} (what a data engineer
 * deploys) with local overrides only where a laptop must differ — loopback addresses, ports, small
 * memory, directories under the cluster's own, and quick failure detection — so that the local
 * cluster runs the production restart strategy, state backend and checkpoint settings.
 */
public final class ClusterConfiguration {

    public static final String CONFIG_FILE = "config.yaml";
    public static final String LOG_CONFIG_FILE = "log4j.properties";

    static final String JOB_MANAGER_MEMORY = "1024m";
    static final String TASK_MANAGER_MEMORY = "1536m";

    private ClusterConfiguration() {}

    /** The production configuration with the local overrides applied. */
    public static Configuration derive(
            Path productionConfDir, Path clusterDir, ClusterPorts ports) {
        Configuration configuration =
                GlobalConfiguration.loadConfiguration(productionConfDir.toString());
        configuration.addAll(Configuration.fromMap(localOverrides(clusterDir, ports)));
        return configuration;
    }

    static Map<String, String> localOverrides(Path clusterDir, ClusterPorts ports) {
        Map<String, String> local = new LinkedHashMap<>();
        local.put("jobmanager.rpc.address", "127.0.0.1");
        local.put("jobmanager.rpc.port", Integer.toString(ports.rpc()));
        local.put("jobmanager.bind-host", "127.0.0.1");
        local.put("rest.address", "127.0.0.1");
        local.put("rest.bind-address", "127.0.0.1");
        local.put("rest.port", Integer.toString(ports.rest()));
        local.put("taskmanager.host", "127.0.0.1");
        local.put("taskmanager.bind-host", "127.0.0.1");
        local.put("jobmanager.memory.process.size", JOB_MANAGER_MEMORY);
        local.put("taskmanager.memory.process.size", TASK_MANAGER_MEMORY);
        // One slot per TaskManager before a second on either: a job of parallelism 2 runs on both
        // machines, and losing one leaves free slots on the other to recover into.
        local.put("taskmanager.load-balance.mode", "SLOTS");
        // A killed TaskManager refuses the JobManager's heartbeats at once; give up on it after
        // two refusals 2 s apart instead of 20 s, so recovery does not wait for the dead slots.
        local.put("heartbeat.interval", "2s");
        local.put("heartbeat.timeout", "20s");
        local.put(
                "execution.checkpointing.dir",
                clusterDir.resolve("checkpoints").toUri().toString());
        local.put(
                "execution.checkpointing.savepoint-dir",
                clusterDir.resolve("savepoints").toUri().toString());
        local.put("io.tmp.dirs", clusterDir.resolve("tmp").toString());
        local.put("web.tmpdir", clusterDir.resolve("tmp").resolve("web").toString());
        // Each process is also given its own port as a -D property when it starts.
        local.put("metrics.reporter.prom.port", Integer.toString(ports.jobManagerMetrics()));
        local.put("env.java.opts.all", String.join(" ", FlinkJvmOptions.JAVA_17));
        return local;
    }

    /** Writes {@code config.yaml} and the log configuration every process of the cluster uses. */
    public static void write(Configuration configuration, Path confDir) throws IOException {
        Files.createDirectories(confDir);
        List<String> lines = ConfigurationUtils.convertConfigToWritableLines(configuration, false);
        Files.write(
                confDir.resolve(CONFIG_FILE),
                concat(
                        List.of(
                                "# Written by ./fanscore cluster start from flink-conf/config.yaml"
                                        + " and local overrides; rewritten on every start."),
                        lines));
        // One file per process: each JVM is given its own -Dlog.file, as Flink's scripts do.
        Files.write(confDir.resolve(LOG_CONFIG_FILE), RollingLogConfig.lines("${sys:log.file}"));
    }

    /** The configuration a running cluster was started with. */
    public static Configuration read(Path confDir) {
        return GlobalConfiguration.loadConfiguration(confDir.toString());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
