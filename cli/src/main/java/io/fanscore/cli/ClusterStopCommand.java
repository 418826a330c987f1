package io.fanscore.cli;

import io.fanscore.cli.cluster.LocalFlinkCluster;
import io.fanscore.cli.home.FanscoreHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** Stops the local cluster; stopping a cluster that is not running is not an error. */
@Command(
        name = "stop",
        description = {
            "Stop the local Flink cluster: TaskManagers, then the JobManager. Running jobs end"
                    + " with it; stop them first with a savepoint to resume them later",
            "(./fanscore cluster flink stop --savepointPath DIR JOB_ID)."
        })
final class ClusterStopCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Long> stopped = new LocalFlinkCluster(FanscoreHome.fromSystemProperties()).stop();
        spec.commandLine()
                .getOut()
                .println(
                        stopped.isEmpty()
                                ? "No local Flink cluster is running"
                                : "Stopped the Flink cluster (pids " + stopped + ")");
        return 0;
    }
}
