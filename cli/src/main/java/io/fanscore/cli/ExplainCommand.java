package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.state.ExplanationRenderer;
import io.fanscore.rules.scoring.ProfileLoader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
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
        PairExplainer explainer =
                new PairExplainer(FanscoreHome.fromSystemProperties(), profile, assignments);
        PairExplainer.Outcome outcome =
                explainer.explain(savepoint, explainer.localCheckpointRoots(), creator, fan);
        if (outcome.explanation() == null) {
            spec.commandLine().getErr().println(outcome.problem());
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(
                json
                        ? ExplanationRenderer.json(creator, fan, outcome.explanation())
                        : ExplanationRenderer.text(creator, fan, outcome.explanation()));
        out.flush();
        return 0;
    }
}
