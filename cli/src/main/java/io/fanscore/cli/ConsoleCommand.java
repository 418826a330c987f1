package io.fanscore.cli;

import io.fanscore.audience.api.AccessToken;
import io.fanscore.cli.console.ConsoleOverview;
import io.fanscore.cli.console.ConsoleServer;
import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.state.ExplanationRenderer;
import io.fanscore.rules.scoring.ProfileLoader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Serves the web console until stopped. */
@Command(
        name = "console",
        description = {
            "Serve the web console on 127.0.0.1: fans per tier and transitions, notifications and"
                    + " pushes sent and suppressed, dead letters by reason, package sizes and"
                    + " versions (live, from the job's Prometheus endpoints and the package tree),"
                    + " explain a fan (from the newest checkpoint), and the latest simulate report.",
            "Prints its URL with a token made for this run; every page and answer needs it."
        })
final class ConsoleCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    /** Beside the audience API's 8090. */
    static final int DEFAULT_PORT = 8091;

    @Option(
            names = "--port",
            defaultValue = "" + DEFAULT_PORT,
            description = "Port (default: ${DEFAULT-VALUE}; 0 for any).")
    int port;

    @Option(
            names = "--metrics",
            paramLabel = "URL",
            description =
                    "A Prometheus endpoint of the job, repeatable (default: the demo's and the local"
                            + " cluster's, 127.0.0.1:9249 to 9252).")
    List<URI> metrics = new ArrayList<>();

    @Option(
            names = "--packages",
            paramLabel = "DIR",
            description = "The package tree (default: the data directory's).")
    String packages;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "The simulate report (default: simulate's).")
    String report;

    @Option(
            names = "--checkpoints",
            paramLabel = "DIR",
            description =
                    "Where explain finds the newest checkpoint, repeatable (default: the jobs run here).")
    List<Path> checkpoints = new ArrayList<>();

    @Option(
            names = "--profile",
            defaultValue = ProfileLoader.DEFAULT_PROFILE,
            description = "The job's profile, for explain.")
    String profile;

    @Option(
            names = "--profile-assignments",
            description = "The job's assignments file, for explain.")
    String assignments;

    @Option(names = "--token", description = "The token (default: a new one).")
    String token;

    @Override
    public Integer call() throws Exception {
        FanscoreHome home = FanscoreHome.fromSystemProperties();
        List<URI> endpoints = metrics.isEmpty() ? defaultEndpoints() : metrics;
        String secret = token != null ? token : AccessToken.generate();
        try (ConsoleServer server =
                open(
                        home,
                        port,
                        secret,
                        endpoints,
                        packages != null
                                ? home.resolveUserPath(packages)
                                : home.dataDir().resolve("packages"),
                        report != null ? home.resolveUserPath(report) : null,
                        checkpoints,
                        profile,
                        assignments)) {
            spec.commandLine()
                    .getOut()
                    .printf("Console: %s?token=%s%n", server.baseUri(), secret)
                    .flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "console-stop"));
            stopped.await();
        }
        return 0;
    }

    /**
     * A console on 127.0.0.1: the demo opens one too.
     *
     * @param report the simulate report; null for where {@code simulate} writes it
     * @param checkpoints where explain looks; empty for the jobs run here
     */
    static ConsoleServer open(
            FanscoreHome home,
            int port,
            String token,
            List<URI> endpoints,
            Path packages,
            Path report,
            List<Path> checkpoints,
            String profile,
            String assignments) {
        PairExplainer explainer = new PairExplainer(home, profile, assignments);
        List<Path> roots = checkpoints.isEmpty() ? explainer.localCheckpointRoots() : checkpoints;
        return ConsoleServer.start(
                "127.0.0.1",
                port,
                token,
                new ConsoleOverview(endpoints, packages),
                report != null ? report : home.dataDir().resolve("simulate").resolve("report.html"),
                (creator, fan) -> {
                    PairExplainer.Outcome outcome = explainer.explain(null, roots, creator, fan);
                    return outcome.explanation() == null
                            ? new ConsoleServer.Explained(null, outcome.problem())
                            : new ConsoleServer.Explained(
                                    ExplanationRenderer.json(creator, fan, outcome.explanation()),
                                    null);
                });
    }

    private static List<URI> defaultEndpoints() {
        List<URI> endpoints = new ArrayList<>();
        for (int port = 9249; port <= 9252; port++) {
            endpoints.add(URI.create("http://127.0.0.1:" + port + "/metrics"));
        }
        return endpoints;
    }
}
