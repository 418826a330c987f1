package io.fanscore.cli;

import io.fanscore.cli.cluster.LocalFlinkCluster;
import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.process.JavaCommand;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Flink's own command line, pointed at the local cluster. */
@Command(
        name = "flink",
        description = {
            "Run Flink's own command line against the local cluster, e.g.:",
            "  ./fanscore cluster flink list",
            "  ./fanscore cluster flink stop --savepointPath file:///tmp/sp JOB_ID",
            "  ./fanscore cluster flink run -d -s SAVEPOINT jobs/target/fanscore-job.jar ..."
        })
final class ClusterFlinkCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    /** Everything after {@code flink}, options included, goes to Flink's command line as is. */
    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        FanscoreHome home = FanscoreHome.fromSystemProperties();
        // Relative paths (a jar, a savepoint directory) are the user's, as with a flink script.
        JavaCommand.Result result =
                new LocalFlinkCluster(home).flink(args, home.resolveUserPath("."));
        spec.commandLine().getOut().print(result.output());
        spec.commandLine().getOut().flush();
        return result.exitCode();
    }
}
