package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.state.PairStateDump;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;

/** Prints the scorer's pair state from a savepoint. */
@Command(
        name = "state",
        description = {
            "Print the per-(creator, fan) scoring state of a savepoint or retained checkpoint as"
                    + " JSON lines {\"creator_id\",\"fan_id\",\"state\"}, in no particular order.",
            "Reads it with Flink's State Processor API on an embedded cluster; the job need not"
                    + " run."
        })
final class StateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--savepoint",
            required = true,
            description = "The savepoint directory: a path or a URI (file://, s3://, ...).")
    String savepoint;

    @Option(names = "--creator", description = "Only this creator's fans.")
    String creator;

    @Option(names = "--fan", description = "Only this fan.")
    String fan;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long pairs =
                PairStateDump.dump(
                        savepointUri(savepoint, FanscoreHome.fromSystemProperties()),
                        new PairStateDump.Filter(creator, fan),
                        out::println);
        out.flush();
        spec.commandLine().getErr().printf("%d pairs%n", pairs);
        return 0;
    }

    /** A URI as given, a path against the directory the command was run from. */
    static String savepointUri(String savepoint, FanscoreHome home) {
        URI uri = URI.create(savepoint.replace(" ", "%20"));
        if (uri.getScheme() != null && uri.getScheme().length() > 1) {
            return savepoint;
        }
        return home.resolveUserPath(savepoint).toUri().toString();
    }
}
