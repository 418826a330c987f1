package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.state.ExplanationRenderer;
import io.fanscore.cli.state.LatestCheckpoint;
import io.fanscore.cli.state.PairStateDump;
import io.fanscore.jobs.JobConfig;
import io.fanscore.rules.scoring.PairExplanation;
import io.fanscore.rules.scoring.ProfileLoader;
import io.fanscore.rules.scoring.ProfileSet;
import io.fanscore.rules.scoring.ScoringProfile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Explains one pair's standing from a savepoint: caps today, the idle outlook, the next tier. */
@Command(
        name = "explain",
        description = {
            "Explain one (creator, fan) pair of a savepoint or retained checkpoint: its standing"
                    + " and profile, today's points against the caps, what the day starts will"
                    + " do if the fan stays idle (decay, tier changes, expiry), and what it takes"
                    + " to reach the next tier. Plain text, or --json.",
            "Give the --profile and --profile-assignments the job runs with; an assignment made"
                    + " at runtime is read from the savepoint."
        })
final class ExplainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--savepoint",
            description =
                    "A savepoint or retained checkpoint: a path or a URI. Without it, the newest"
                            + " checkpoint of the jobs run here (the demo, run, cluster submit).")
    String savepoint;

    @Option(names = "--creator", required = true)
    String creator;

    @Option(names = "--fan", required = true)
    String fan;

    @Option(
            names = "--profile",
            defaultValue = ProfileLoader.DEFAULT_PROFILE,
            description =
                    "The job's profile: a built-in name or a file (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--profile-assignments", description = "The job's assignments file.")
    String assignments;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        FanscoreHome home = FanscoreHome.fromSystemProperties();
        if (savepoint == null) {
            Optional<Path> latest =
                    LatestCheckpoint.under(
                            List.of(
                                    Path.of(URI.create(home.checkpointsUri())),
                                    home.clusterDir().resolve("checkpoints")));
            if (latest.isEmpty()) {
                spec.commandLine()
                        .getErr()
                        .println("no checkpoint here yet: give --savepoint, or start a job first");
                return 1;
            }
            savepoint = latest.get().toString();
        }
        List<PairStateDump.Pair> found =
                PairStateDump.pairs(
                        StateCommand.savepointUri(savepoint, home),
                        new PairStateDump.Filter(creator, fan));
        PrintWriter out = spec.commandLine().getOut();
        if (found.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .printf("no state for creator %s, fan %s in %s%n", creator, fan, savepoint);
            return 1;
        }
        PairStateDump.Pair pair = found.get(0);
        PairExplanation.Explanation explanation =
                PairExplanation.explain(pair.state(), profileOf(pair, home));
        out.println(
                json
                        ? ExplanationRenderer.json(creator, fan, explanation)
                        : ExplanationRenderer.text(creator, fan, explanation));
        out.flush();
        return 0;
    }

    /** The creator's runtime assignment in force on the state's day, else the configured one. */
    private ScoringProfile profileOf(PairStateDump.Pair pair, FanscoreHome home) {
        ProfileSet profiles =
                JobConfig.profileSet(
                        LocalJobArguments.userFileOrAsIs(profile, home),
                        assignments == null
                                ? null
                                : LocalJobArguments.userFileOrAsIs(assignments, home));
        long dayStart = profiles.of(creator).clock().startOf(pair.state().getDay());
        Map.Entry<Long, String> switched = pair.profileSwitches().floorEntry(dayStart);
        if (switched == null) {
            return profiles.of(creator);
        }
        ScoringProfile known = profiles.available(switched.getValue());
        return known != null ? known : ProfileLoader.load(switched.getValue());
    }
}
