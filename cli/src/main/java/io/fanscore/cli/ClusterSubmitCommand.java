package io.fanscore.cli;

import io.fanscore.cli.cluster.ClusterException;
import io.fanscore.cli.cluster.LocalFlinkCluster;
import io.fanscore.cli.home.FanscoreHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Submits the job jar to the local cluster with Flink's own command line. */
@Command(
        name = "submit",
        description = {
            "Submit the scoring job to the local cluster with Flink's command line"
                    + " (flink run -d jobs/target/fanscore-job.jar ...), the way it is deployed on"
                    + " any cluster. Every other option is the job's own, e.g.:",
            "  ./fanscore cluster submit --bootstrap 127.0.0.1:9092 --checkpoint-interval 2s",
            "Prints the job id on stdout."
        })
final class ClusterSubmitCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--savepoint",
            description = "Start from this savepoint (flink run -s), e.g. after an upgrade.")
    String savepoint;

    @Option(names = "--jar", description = "The job jar (default: jobs/target/fanscore-job.jar).")
    String jar;

    @Unmatched List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        FanscoreHome home = FanscoreHome.fromSystemProperties();
        LocalFlinkCluster cluster = new LocalFlinkCluster(home);
        if (cluster.running().isEmpty()) {
            throw new ClusterException(
                    "no local Flink cluster is running; start it with ./fanscore cluster start");
        }
        Path jobJar = jar == null ? home.jobJar() : home.resolveUserPath(jar);
        if (!Files.isRegularFile(jobJar)) {
            throw new ClusterException(
                    "no job jar at " + jobJar + "; build it with: mvn -o package -DskipTests");
        }
        String jobId =
                cluster.submit(
                        jobJar,
                        savepoint,
                        LocalJobArguments.withUserPaths(new ArrayList<>(jobArgs), home));
        spec.commandLine().getOut().println(jobId);
        return 0;
    }
}
