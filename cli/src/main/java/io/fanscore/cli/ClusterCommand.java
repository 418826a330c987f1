package io.fanscore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fanscore cluster start|stop|status|submit|flink}. */
@Command(
        name = "cluster",
        description =
                "A local Flink standalone cluster: one JobManager and two TaskManagers, each in its"
                        + " own JVM on 127.0.0.1, configured from flink-conf/config.yaml.",
        subcommands = {
            ClusterStartCommand.class,
            ClusterStopCommand.class,
            ClusterStatusCommand.class,
            ClusterSubmitCommand.class,
            ClusterFlinkCommand.class
        })
final class ClusterCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }
}
