package io.fanscore.cli.demo;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.KafkaOffsets;
import io.fanscore.cli.kafka.LocalKafkaBroker;
import io.fanscore.cli.kafka.TopicSetup;
import io.fanscore.connectors.kafka.KafkaClients;
import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.FlinkSettings;
import io.fanscore.jobs.JobConfig;

import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.TimeUtils;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of the demo: the local broker with the project topics recreated empty, the scoring job on
 * an embedded cluster with Prometheus metrics, a synthetic workload going in, and the job's
 * committed output counted as it comes out.
 */
public final class DemoRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration OUTPUT_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> INPUTS =
            List.of(DemoTopics.INTERACTIONS, DemoTopics.LIVE, DemoTopics.PUSHES);

    /**
     * What to run.
     *
     * @param events how many ticks (random interactions) to send, or null to send until stopped
     * @param days how much simulated time the time-lapse passes, ending at the wall clock
     * @param lapseTicks over how many ticks the time-lapse passes; after it, real time
     * @param liveEvery interactions per live start on average; 0 for none
     */
    public record Settings(
            Long events,
            double rate,
            int creators,
            int fans,
            int liveEvery,
            int partitions,
            int parallelism,
            long seed,
            Duration days,
            long lapseTicks,
            int kafkaPort,
            int prometheusPort,
            int audiencePort) {}

    private final Settings settings;
    private final FanscoreHome home;
    private final PrintStream out;
    private final ProgressLine progress;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "demo-progress");
                        thread.setDaemon(true);
                        return thread;
                    });

    private volatile boolean stopping;
    private String bootstrap;
    private JobConfig config;
    private ScoringCluster cluster;
    private DemoAudience audience;
    private ScoringCluster.SubmittedJob job;
    private DemoOutputs outputs;
    private KafkaProducer<byte[], byte[]> producer;
    private WorkloadSender sender;
    private DemoReport report;
    private long startNanos;

    public DemoRun(Settings settings, FanscoreHome home, PrintStream out, ProgressLine progress) {
        this.settings = settings;
        this.home = home;
        this.out = out;
        this.progress = progress;
    }

    public void start() throws Exception {
        requireFree(settings.prometheusPort(), "--prometheus-port");
        requireFree(settings.audiencePort(), "--audience-port");
        LocalKafkaBroker.Running kafka =
                new LocalKafkaBroker(home).start(settings.kafkaPort(), settings.kafkaPort() + 1);
        bootstrap = kafka.bootstrap();
        out.printf(
                "Kafka broker %s at %s (pid %d)%n",
                kafka.reused() ? "already running" : "started", bootstrap, kafka.pid());
        try (TopicSetup topics = new TopicSetup(bootstrap)) {
            topics.recreate(DemoTopics.ALL, settings.partitions());
        }
        out.printf(
                "Demo topics recreated empty, %d partitions each: %s*%n",
                settings.partitions(), DemoTopics.PREFIX);

        // A fresh job publishes its packages from version 1 again.
        DemoAudience.clearPackages(home);
        config = DemoJobConfig.of(bootstrap, home, settings.parallelism());
        StreamGraph graph = FanScoringJob.environment(config).getStreamGraph();
        cluster =
                ScoringCluster.start(
                        FlinkSettings.forJob(config),
                        settings.parallelism(),
                        settings.prometheusPort());
        job = cluster.submit(graph);
        String metricsUrl = "http://127.0.0.1:" + settings.prometheusPort() + "/metrics";
        out.printf(
                "Scoring job %s on an embedded Flink cluster: parallelism %d, RocksDB,"
                        + " checkpoints every %s under %s%n",
                job.id(),
                settings.parallelism(),
                TimeUtils.formatWithHighestUnit(DemoJobConfig.CHECKPOINT_INTERVAL),
                home.checkpointsUri());
        out.println("Prometheus metrics: " + metricsUrl);
        audience = DemoAudience.start(home, settings.audiencePort(), out);
        out.println("Logs: " + home.logsDir());

        outputs = new DemoOutputs(bootstrap);
        producer = KafkaClients.producer(bootstrap);
        long lapseEnd = System.currentTimeMillis();
        out.println(
                DemoProfiles.reassignHalfway(producer, lapseEnd - settings.days().toMillis() / 2));
        out.println(DemoPushes.send(producer, lapseEnd - settings.days().toMillis(), lapseEnd));
        sender =
                new WorkloadSender(
                        new WorkloadGenerator(
                                WorkloadGenerator.timeLapse(
                                        settings.seed(),
                                        settings.creators(),
                                        settings.fans(),
                                        settings.days(),
                                        settings.lapseTicks(),
                                        settings.liveEvery(),
                                        settings.partitions(),
                                        lapseEnd),
                                System::currentTimeMillis),
                        producer,
                        DemoTopics.INTERACTIONS,
                        DemoTopics.LIVE,
                        settings.rate(),
                        settings.events() == null ? Long.MAX_VALUE : settings.events());
        EndpointMetrics endpoint = new EndpointMetrics(metricsUrl);
        report =
                new DemoReport(
                        sender,
                        outputs.tiers,
                        outputs.notifications,
                        outputs.pushes,
                        endpoint,
                        outputs.deadLetters,
                        new PackageVersions(DemoAudience.packagesDir(home)),
                        lapseEnd - settings.days().toMillis());
        out.printf(
                "Sending %s events at %,.0f/s (%d creators, %d fans, seed %d), %s;"
                        + " time-lapse: %d days up to now in %s s%s%n",
                settings.events() == null ? "unlimited" : String.format("%,d", settings.events()),
                settings.rate(),
                settings.creators(),
                settings.fans(),
                settings.seed(),
                settings.liveEvery() == 0
                        ? "no live starts"
                        : "a live start per ~" + settings.liveEvery() + " events",
                settings.days().toDays(),
                trim(settings.lapseTicks() / settings.rate()),
                settings.events() == null ? ", then real time" : "");
        startNanos = System.nanoTime();
        Thread sending = new Thread(sender, "workload-sender");
        sending.setDaemon(true);
        sending.start();
        ticker.scheduleAtFixedRate(
                () -> {
                    endpoint.scrape();
                    progress.show(report.progress());
                },
                1,
                1,
                TimeUnit.SECONDS);
    }

    /**
     * After the last event is sent: waits until the job has read and checkpointed all input, drains
     * it (so events still waiting for the watermark are scored and the last transactions commit),
     * and waits until its output has been counted.
     */
    public void finishAfterLastEvent() throws Exception {
        while (!sender.awaitDone(500, TimeUnit.MILLISECONDS)) {
            requireJobRunning();
        }
        if (sender.failure() != null) {
            throw new DemoException("sending events failed: " + sender.failure(), null);
        }
        try (KafkaOffsets offsets = new KafkaOffsets(bootstrap)) {
            Map<TopicPartition, Long> inputEnds = new HashMap<>();
            for (String input : INPUTS) {
                inputEnds.putAll(offsets.committedEnds(input));
            }
            // The sources commit their offsets when a checkpoint completes: then all input is in.
            awaitUntil(
                    () -> KafkaOffsets.reached(committedInputOffsets(offsets), inputEnds),
                    READ_TIMEOUT,
                    "the job did not read all events");
            String savepoint = cluster.drain(job, home.savepointsUri(), DRAIN_TIMEOUT);
            JobResult result = job.result().get(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!result.isSuccess()) {
                throw new DemoException(
                        "the job failed while draining: " + failureOf(result), null);
            }
            RunLeftovers.deleteSavepoint(savepoint);
            Map<String, Map<TopicPartition, Long>> ends = outputs.ends(offsets);
            awaitUntil(
                    () -> outputs.haveReached(ends),
                    OUTPUT_TIMEOUT,
                    "the job's output could not be read back");
        }
        ticker.shutdownNow();
        progress.show(report.progress());
        progress.finish();
        out.println(report.summary(elapsedSeconds()));
    }

    /** Runs until the process is stopped (then {@link #stopOnSignal} ends it) or the job fails. */
    public void runUntilStopped() throws InterruptedException {
        while (true) {
            Thread.sleep(500);
            requireJobRunning();
            if (sender.failure() != null) {
                throw new DemoException("sending events failed: " + sender.failure(), null);
            }
        }
    }

    /** For the shutdown hook: stops everything, then reports what was done until now. */
    public void stopOnSignal() {
        stopping = true;
        ticker.shutdownNow();
        progress.finish();
        out.println("Stopping: cancelling the job and closing the embedded cluster ...");
        close();
        if (report != null) {
            out.println(report.summary(elapsedSeconds()));
        }
    }

    /** Whether the shutdown hook has taken over; failures seen after that are its doing. */
    public boolean isStopping() {
        return stopping;
    }

    public String bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ticker.shutdownNow();
        try {
            if (audience != null) {
                audience.close();
            }
            if (sender != null) {
                sender.stop();
                sender.awaitDone(10, TimeUnit.SECONDS);
            }
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            if (cluster != null) {
                if (job != null) {
                    cluster.cancel(job, CANCEL_TIMEOUT);
                }
                // Checkpoints are discarded in the background until the cluster has closed.
                cluster.close();
                if (job != null) {
                    RunLeftovers.deleteEmptyCheckpointDir(
                            home.checkpointsUri(), job.id().toString());
                }
            }
            if (outputs != null) {
                outputs.close();
            }
        } catch (Exception e) {
            LOG.warn("Demo did not shut down cleanly", e);
            out.println("(shutdown was not clean: " + e + "; see the log)");
        }
    }

    /** What the job's consumer group has committed, over all input topics. */
    private Map<TopicPartition, Long> committedInputOffsets(KafkaOffsets offsets)
            throws InterruptedException {
        Map<TopicPartition, Long> committed = new HashMap<>();
        for (String input : INPUTS) {
            committed.putAll(offsets.groupOffsets(config.groupId(), input));
        }
        return committed;
    }

    private void requireJobRunning() {
        if (job.hasEnded()) {
            JobResult result = job.result().join();
            throw new DemoException("the scoring job ended: " + failureOf(result), null);
        }
    }

    private static String failureOf(JobResult result) {
        return result.getSerializedThrowable()
                .map(t -> t.getOriginalErrorClassName() + ": " + t.getMessage())
                .orElse(String.valueOf(result.getApplicationStatus()));
    }

    /** A condition that may ask Kafka, hence may throw. */
    private interface Check {
        boolean holds() throws Exception;
    }

    private void awaitUntil(Check check, Duration timeout, String failure) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            requireJobRunning();
            if (System.nanoTime() > deadline) {
                throw new DemoException(
                        failure + " within " + timeout.toSeconds() + " s; see " + home.logsDir(),
                        null);
            }
            Thread.sleep(250);
        }
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void requireFree(int port, String option) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new DemoException(
                    "port " + port + " is in use; choose another with " + option, e);
        }
    }

    private static String trim(double value) {
        return value == Math.rint(value)
                ? Long.toString((long) value)
                : String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
