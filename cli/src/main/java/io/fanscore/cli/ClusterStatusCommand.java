package io.fanscore.cli;

import io.fanscore.cli.cluster.FlinkRest;
import io.fanscore.cli.cluster.LocalFlinkCluster;
import io.fanscore.cli.home.FanscoreHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

/** What runs on the local cluster, as its JobManager sees it. */
@Command(
        name = "status",
        description =
                "Show the local cluster's processes, registered TaskManagers and slots, and its"
                        + " jobs. Exits 1 when no cluster is running.")
final class ClusterStatusCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<LocalFlinkCluster.Running> running =
                new LocalFlinkCluster(FanscoreHome.fromSystemProperties()).running();
        if (running.isEmpty()) {
            out.println("No local Flink cluster is running");
            return 1;
        }
        FlinkRest rest = running.get().rest();
        out.printf(
                "JobManager pid %d, REST %s%n",
                running.get().jobManagerPid(), running.get().restUrl());
        for (LocalFlinkCluster.TaskManagerProcess tm : running.get().taskManagers()) {
            out.printf("TaskManager process %s pid %d%n", tm.id(), tm.pid());
        }
        if (!rest.reachable()) {
            out.println("The REST API does not answer (yet)");
            return 1;
        }
        for (FlinkRest.TaskManager tm : rest.taskManagers()) {
            out.printf(
                    "TaskManager %s registered: %d of %d slots free%n",
                    tm.id(), tm.freeSlots(), tm.slots());
        }
        for (FlinkRest.Job job : rest.jobs()) {
            out.printf("Job %s %-10s %s%n", job.id(), job.state(), job.name());
        }
        return 0;
    }
}
