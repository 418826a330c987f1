package io.fanscore.cli;

import io.fanscore.cli.cluster.ClusterPorts;
import io.fanscore.cli.cluster.LocalFlinkCluster;
import io.fanscore.cli.home.FanscoreHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Starts (or reuses) the local Flink cluster and waits until both TaskManagers registered. */
@Command(
        name = "start",
        description = {
            "Start the local Flink cluster, or reuse the one running, and wait until its"
                    + " TaskManagers have registered.",
            "Prints the REST address (web UI) on stdout. Configuration, logs, checkpoints and"
                    + " savepoints live under .fanscore/cluster/."
        })
final class ClusterStartCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--rest-port",
            defaultValue = "" + ClusterPorts.DEFAULT_REST_PORT,
            description = "REST API and web UI port (default: ${DEFAULT-VALUE}).")
    int restPort;

    @Option(
            names = "--rpc-port",
            defaultValue = "" + ClusterPorts.DEFAULT_RPC_PORT,
            description = "JobManager RPC port (default: ${DEFAULT-VALUE}).")
    int rpcPort;

    @Option(
            names = "--metrics-port",
            defaultValue = "" + ClusterPorts.DEFAULT_FIRST_METRICS_PORT,
            description =
                    "Prometheus port of the JobManager; the TaskManagers take the next ones"
                            + " (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        LocalFlinkCluster cluster = new LocalFlinkCluster(FanscoreHome.fromSystemProperties());
        LocalFlinkCluster.Running running =
                cluster.start(
                        ClusterPorts.of(
                                restPort, rpcPort, metricsPort, LocalFlinkCluster.TASK_MANAGERS));
        err.printf(
                "Flink cluster %s: JobManager pid %d, TaskManagers %s; logs: %s%n",
                running.reused() ? "already running" : "started",
                running.jobManagerPid(),
                running.taskManagers(),
                cluster.logDir());
        err.flush();
        spec.commandLine().getOut().println(running.restUrl());
        return 0;
    }
}
