package io.fanscore.cli;

import io.fanscore.audience.api.AccessToken;
import io.fanscore.cli.console.ConsoleServer;
import io.fanscore.cli.demo.DemoProfiles;
import io.fanscore.cli.demo.DemoRun;
import io.fanscore.cli.demo.ProgressLine;
import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.LocalKafkaBroker;
import io.fanscore.cli.kafka.TopicSetup;
import io.fanscore.config.Durations;
import io.fanscore.rules.scoring.ProfileLoader;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;

/** The end-to-end demo: broker, job, synthetic workload, live counts. */
@Command(
        name = "demo",
        description = {
            "Start (or reuse) the local Kafka broker, recreate the demo's own topics (demo.*)"
                    + " empty, run the scoring job on an embedded Flink cluster with Prometheus"
                    + " metrics, and feed it a time-lapse of --days of interactions and live starts"
                    + " up to now while counting tier changes (by events, DECAY, EXPIRY),"
                    + " notifications sent and suppressed, package versions and dead letters.",
            "With --events the demo ends by itself with a summary; without, it runs until Ctrl-C."
                    + " The broker keeps running afterwards."
        })
final class DemoCommand implements Callable<Integer> {

    /** The time-lapse of a run without a fixed length: long enough to see every tier. */
    static final int DEFAULT_LAPSE_SECONDS = 120;

    @Spec CommandSpec spec;

    @Option(
            names = "--events",
            description =
                    "Send this many random interactions (plus the routines of loyal and lapsing"
                            + " fans), then finish.")
    Long events;

    @Option(
            names = "--duration",
            description =
                    "Send for about this long (e.g. 90s, 10m), then finish with a summary: the same"
                            + " as --events rate × duration.")
    String duration;

    @Option(
            names = "--rate",
            defaultValue = "2000",
            description = "Interactions per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--creators",
            defaultValue = "200",
            description = "Creators, Zipf-popular (default: ${DEFAULT-VALUE}).")
    int creators;

    @Option(
            names = "--fans",
            defaultValue = "50000",
            description = "Fans, heavy-tailed activity (default: ${DEFAULT-VALUE}).")
    int fans;

    @Option(
            names = "--live-every",
            defaultValue = "200",
            description =
                    "Interactions per live start on average, popular creators going live most;"
                            + " 0 for none (default: ${DEFAULT-VALUE}).")
    int liveEvery;

    @Option(
            names = "--days",
            defaultValue = "45",
            description =
                    "Days of simulated activity, ending now, passed in a time-lapse over the run"
                            + " (--events or --duration; without them the first "
                            + DEFAULT_LAPSE_SECONDS
                            + " s, then real time). Fans need 31 days to become DEVOTED and"
                            + " vanish 31 days after a visit (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--partitions",
            defaultValue = "" + TopicSetup.DEFAULT_PARTITIONS,
            description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description =
                    "Workload seed; the same seed sends the same events (default:"
                            + " ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--kafka-port",
            defaultValue = "" + LocalKafkaBroker.DEFAULT_PORT,
            description = "Port of the local broker (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--prometheus-port",
            defaultValue = "9249",
            description = "Port of the Prometheus metrics endpoint (default: ${DEFAULT-VALUE}).")
    int prometheusPort;

    @Option(
            names = "--audience-port",
            defaultValue = "8090",
            description = "Port of the audience API (default: ${DEFAULT-VALUE}).")
    int audiencePort;

    @Option(
            names = "--console-port",
            defaultValue = "" + ConsoleCommand.DEFAULT_PORT,
            description = "Port of the web console (default: ${DEFAULT-VALUE}).")
    int consolePort;

    private double durationSeconds() {
        try {
            return Durations.parse(duration).toMillis() / 1000.0;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--duration: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        if (duration != null) {
            if (events != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--duration and --events exclude each other");
            }
            events = Math.round(rate * durationSeconds());
        }
        validate();
        DemoRun run =
                new DemoRun(
                        new DemoRun.Settings(
                                events,
                                rate,
                                creators,
                                fans,
                                liveEvery,
                                partitions,
                                parallelism,
                                seed,
                                java.time.Duration.ofDays(days),
                                events == null ? Math.round(rate * DEFAULT_LAPSE_SECONDS) : events,
                                kafkaPort,
                                prometheusPort,
                                audiencePort),
                        FanscoreHome.fromSystemProperties(),
                        System.out,
                        ProgressLine.forStdout());
        // Ctrl-C: stop the workload, cancel the job, close the cluster, report; keep the broker.
        Thread onSignal =
                new Thread(
                        () -> {
                            run.stopOnSignal();
                            printBrokerNote(run);
                        },
                        "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        ConsoleServer console = null;
        try {
            run.start();
            console = openConsole();
            if (events == null) {
                System.out.println("Press Ctrl-C to stop.");
                run.runUntilStopped();
            } else {
                run.finishAfterLastEvent();
            }
        } catch (Exception e) {
            if (run.isStopping()) {
                // The shutdown hook is ending the run and reports; the JVM halts when it is done.
                Thread.sleep(Long.MAX_VALUE);
            }
            throw e;
        } finally {
            removeHook(onSignal);
            if (console != null) {
                console.close();
            }
            run.close();
        }
        printBrokerNote(run);
        return 0;
    }

    /** The web console over this demo's job, for as long as the demo runs. */
    private ConsoleServer openConsole() {
        FanscoreHome home = FanscoreHome.fromSystemProperties();
        String token = AccessToken.generate();
        ConsoleServer console =
                ConsoleCommand.open(
                        home,
                        consolePort,
                        token,
                        List.of(URI.create("http://127.0.0.1:" + prometheusPort + "/metrics")),
                        home.dataDir().resolve("packages"),
                        null,
                        List.of(),
                        ProfileLoader.DEFAULT_PROFILE,
                        DemoProfiles.assignmentsFile(home));
        spec.commandLine()
                .getOut()
                .printf("Web console: %s?token=%s%n", console.baseUri(), token)
                .flush();
        return console;
    }

    private void validate() {
        requirePositive(rate, "--rate");
        requirePositive(creators, "--creators");
        requirePositive(fans, "--fans");
        if (liveEvery < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--live-every must be 0 or more, got " + liveEvery);
        }
        requirePositive(days, "--days");
        requirePositive(partitions, "--partitions");
        requirePositive(parallelism, "--parallelism");
        if (events != null) {
            requirePositive(events, "--events");
        }
    }

    private void requirePositive(double value, String option) {
        if (!(value > 0)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), option + " must be positive, got " + value);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running and finishes the job.
        }
    }

    private static void printBrokerNote(DemoRun run) {
        if (run.bootstrap() != null) {
            System.out.println(
                    "The Kafka broker keeps running at "
                            + run.bootstrap()
                            + "; stop it with ./fanscore kafka stop");
        }
    }
}
