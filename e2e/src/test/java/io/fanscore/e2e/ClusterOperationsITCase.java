package io.fanscore.e2e;

import io.fanscore.cli.FanscoreCli;
import io.fanscore.cli.cluster.FlinkRest;
import io.fanscore.cli.cluster.LocalFlinkCluster;
import io.fanscore.cli.demo.WorkloadSender;
import io.fanscore.cli.kafka.TopicSetup;
import io.fanscore.e2e.testutils.ChangedJobJar;
import io.fanscore.e2e.testutils.InputProgress;
import io.fanscore.e2e.testutils.LocalServers;
import io.fanscore.e2e.testutils.RunTopics;
import io.fanscore.e2e.testutils.ScoringOutputs;
import io.fanscore.e2e.testutils.ScoringWorkload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job jar on a real cluster (a JobManager and two TaskManagers in their own JVMs, submitted
 * with Flink's command line) against a real broker in its own JVM. Every run reads the same
 * deterministic workload and must commit, record for record, what an undisturbed bounded run of it
 * committed: after a TaskManager is killed with SIGKILL mid-stream, after the broker is restarted
 * mid-stream, and across a savepoint upgrade to a job whose state record gained a field.
 *
 * <p>Ordered because they share the cluster: the TaskManager test comes last, as it leaves one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOperationsITCase {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterOperationsITCase.class);

    /** Interactions per second while a run is disturbed: the input keeps coming meanwhile. */
    private static final double RATE = 1_500;

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension static final LocalServers SERVERS = new LocalServers();

    private static ScoringOutputs undisturbed;

    private ScoringWorkload workload;
    private WorkloadSender sender;

    /** The reference: the whole workload in, one bounded run, nothing disturbed. */
    @BeforeAll
    static void runUndisturbed() throws Exception {
        freshInput();
        ScoringWorkload all = new ScoringWorkload(SERVERS.bootstrap());
        try {
            all.send(ScoringWorkload.INTERACTIONS);
        } finally {
            all.close();
        }
        RunTopics run = new RunTopics("undisturbed");
        run.create(SERVERS.bootstrap());
        long start = System.nanoTime();
        String job =
                SERVERS.cluster()
                        .submit(
                                SERVERS.jobJar(),
                                null,
                                run.jobArgs(SERVERS.bootstrap(), "--bounded"));
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> SERVERS.rest().jobState(job).equals("FINISHED"));
        undisturbed = ScoringOutputs.read(SERVERS.bootstrap(), run);
        LOG.info(
                "Undisturbed bounded run of {} interactions: {} in {} s",
                ScoringWorkload.INTERACTIONS,
                undisturbed,
                seconds(System.nanoTime() - start));
        // A comparison is only worth what it compares.
        assertThat(undisturbed.tierChanges()).hasSizeGreaterThan(1_000);
        assertThat(undisturbed.notifications()).isNotEmpty();
        assertThat(undisturbed.deadLetters()).isNotEmpty();
    }

    /** A test that failed half-way must not leave its job holding the cluster's slots. */
    @AfterEach
    void cleanUp() throws Exception {
        if (sender != null) {
            sender.stop();
        }
        if (workload != null) {
            workload.close();
        }
        for (FlinkRest.Job job : SERVERS.rest().jobs()) {
            if (job.state().equals("RUNNING") || job.state().equals("RESTARTING")) {
                SERVERS.cluster().flink(List.of("cancel", job.id()));
            }
        }
    }

    @Test
    @Order(1)
    void savepointUpgradeToAJobWhoseStateGainedAFieldContinuesTheSameScores(
            @org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        freshInput();
        RunTopics run = new RunTopics("upgrade");
        run.create(SERVERS.bootstrap());
        LocalFlinkCluster cluster = SERVERS.cluster();
        String before = cluster.submit(SERVERS.jobJar(), null, run.jobArgs(SERVERS.bootstrap()));
        workload = new ScoringWorkload(SERVERS.bootstrap());
        int half = ScoringWorkload.INTERACTIONS / 2;
        workload.send(half);
        awaitAllRead(run);
        String savepoint = cluster.stopWithSavepoint(before, false);

        List<JsonNode> stateBefore = pairState(savepoint);
        assertThat(stateBefore).isNotEmpty();
        JsonNode closest =
                stateBefore.stream()
                        .max(
                                Comparator.comparingLong(
                                        p -> p.path("state").path("intimacy").asLong()))
                        .orElseThrow();

        Path changedJar =
                ChangedJobJar.build(SERVERS.jobJar(), work, work.resolve("fanscore-job-next.jar"));
        String after = cluster.submit(changedJar, savepoint, run.jobArgs(SERVERS.bootstrap()));
        workload.send(ScoringWorkload.INTERACTIONS - half);
        awaitAllRead(run);
        String finalSavepoint = cluster.stopWithSavepoint(after, true);

        ScoringOutputs outputs = ScoringOutputs.read(SERVERS.bootstrap(), run);
        outputs.assertSameAs(undisturbed);
        assertThat(savepointMentions(finalSavepoint, ChangedJobJar.NEW_FIELD))
                .as("the new job wrote its state with the evolved schema")
                .isTrue();
        List<JsonNode> closestAfter =
                pairState(
                        finalSavepoint,
                        "--creator",
                        closest.path("creator_id").asText(),
                        "--fan",
                        closest.path("fan_id").asText());
        assertThat(closestAfter).hasSize(1);
        JsonNode explained =
                jsonLinesOf(
                                List.of(
                                        "explain",
                                        "--savepoint",
                                        finalSavepoint,
                                        "--creator",
                                        closest.path("creator_id").asText(),
                                        "--fan",
                                        closest.path("fan_id").asText(),
                                        "--json"))
                        .get(0);
        JsonNode stateAfter = closestAfter.get(0).path("state");
        assertThat(explained.path("intimacy").asLong())
                .isEqualTo(stateAfter.path("intimacy").asLong());
        assertThat(explained.path("tier").asText()).isEqualTo(stateAfter.path("tier").asText());
        assertThat(explained.path("today").path("points").asLong())
                .isEqualTo(stateAfter.path("points_today").asLong());
        LOG.info(
                "Savepoint upgrade: {} pairs in the savepoint of the first half; pair ({}, {}) at"
                        + " intimacy {} then, {} after the second half on the changed job; {}"
                        + " compared with the undisturbed run, all equal",
                stateBefore.size(),
                closest.path("creator_id").asText(),
                closest.path("fan_id").asText(),
                closest.path("state").path("intimacy").asLong(),
                closestAfter.get(0).path("state").path("intimacy").asLong(),
                outputs);
    }

    @Test
    @Order(2)
    void brokerRestartMidStreamLosesAndDuplicatesNothing() throws Exception {
        RunTopics run = new RunTopics("broker-restart");
        String job = startDisturbedRun(run);
        FlinkRest rest = SERVERS.rest();
        long restartsBefore = rest.restarts(job);

        Duration away = SERVERS.restartBroker();
        long back = System.currentTimeMillis();
        long checkpointed = awaitCheckpointTriggeredAfter(job, back);

        ScoringOutputs outputs = finishDisturbedRun(run, job);
        outputs.assertSameAs(undisturbed);
        LOG.info(
                "Broker restart mid-stream: broker away {} s; {} job restart(s); first checkpoint"
                        + " after its return completed {} s later; {} compared with the"
                        + " undisturbed run, all equal",
                seconds(away.toNanos()),
                rest.restarts(job) - restartsBefore,
                seconds((checkpointed - back) * 1_000_000),
                outputs);
    }

    @Test
    @Order(3)
    void taskManagerKilledMidStreamRecoversWithoutLossOrDuplicates() throws Exception {
        RunTopics run = new RunTopics("taskmanager-kill");
        String job = startDisturbedRun(run);
        FlinkRest rest = SERVERS.rest();
        long restartsBefore = rest.restarts(job);
        List<String> hosts = rest.taskManagersOf(job);
        LocalFlinkCluster.TaskManagerProcess victim =
                SERVERS.running().taskManagers().stream()
                        .filter(tm -> hosts.contains(tm.id()))
                        .findFirst()
                        .orElseThrow();

        long killed = System.currentTimeMillis();
        ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly(); // SIGKILL
        AtomicLong running = new AtomicLong();
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            running.set(System.currentTimeMillis());
                            return rest.lastRestartingAt(job) >= killed
                                    && rest.allTasksRunning(job);
                        });
        long checkpointed = awaitCheckpointTriggeredAfter(job, killed);

        ScoringOutputs outputs = finishDisturbedRun(run, job);
        outputs.assertSameAs(undisturbed);
        LOG.info(
                "TaskManager {} killed (SIGKILL) mid-stream: all tasks running again after {} s"
                        + " ({} restart(s)), first checkpoint after the kill completed {} s after"
                        + " it; {} compared with the undisturbed run, all equal",
                victim.id(),
                seconds((running.get() - killed) * 1_000_000),
                rest.restarts(job) - restartsBefore,
                seconds((checkpointed - killed) * 1_000_000),
                outputs);
    }

    /**
     * Fresh input topics, the job submitted, and the workload under way at {@link #RATE}; returns
     * once a third of it is sent and the job has committed output, i.e. mid-stream.
     */
    private String startDisturbedRun(RunTopics run) throws Exception {
        freshInput();
        run.create(SERVERS.bootstrap());
        String job =
                SERVERS.cluster().submit(SERVERS.jobJar(), null, run.jobArgs(SERVERS.bootstrap()));
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> SERVERS.rest().allTasksRunning(job));
        workload = new ScoringWorkload(SERVERS.bootstrap());
        sender = workload.start(ScoringWorkload.INTERACTIONS, RATE);
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                sender.sent() >= ScoringWorkload.INTERACTIONS / 3
                                        && !ScoringOutputs.read(SERVERS.bootstrap(), run)
                                                .tierChanges()
                                                .isEmpty());
        assertThat(sender.sent())
                .as("still sending: mid-stream")
                .isLessThan(ScoringWorkload.INTERACTIONS);
        return job;
    }

    /** The rest of the workload, read and checkpointed, then a drain: every waiting event out. */
    private ScoringOutputs finishDisturbedRun(RunTopics run, String job) throws Exception {
        ScoringWorkload.awaitDone(sender, TIMEOUT);
        awaitAllRead(run);
        SERVERS.cluster().stopWithSavepoint(job, true);
        return ScoringOutputs.read(SERVERS.bootstrap(), run);
    }

    private static void awaitAllRead(RunTopics run) {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> InputProgress.allRead(SERVERS.bootstrap(), run.group()));
    }

    /** Waits for a completed checkpoint triggered after {@code time}; returns when it was seen. */
    private static long awaitCheckpointTriggeredAfter(String job, long time) {
        AtomicLong seen = new AtomicLong();
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            seen.set(System.currentTimeMillis());
                            return SERVERS.rest().checkpoints(job).latestTriggeredAt() > time;
                        });
        return seen.get();
    }

    private static void freshInput() throws InterruptedException {
        try (TopicSetup topics = new TopicSetup(SERVERS.bootstrap())) {
            topics.recreate(
                    List.of(ScoringWorkload.INTERACTIONS_TOPIC, ScoringWorkload.LIVE_TOPIC),
                    ScoringWorkload.PARTITIONS);
        }
    }

    /** {@code ./fanscore state --savepoint ...}, as JSON nodes. */
    private static List<JsonNode> pairState(String savepoint, String... filter) throws Exception {
        List<String> args = new ArrayList<>(List.of("state", "--savepoint", savepoint));
        args.addAll(List.of(filter));
        return jsonLinesOf(args);
    }

    /** What a fanscore command printed, one JSON value per line; it must exit 0. */
    private static List<JsonNode> jsonLinesOf(List<String> args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit =
                FanscoreCli.commandLine()
                        .setOut(new PrintWriter(out))
                        .setErr(new PrintWriter(err))
                        .execute(args.toArray(String[]::new));
        assertThat(exit).as("fanscore %s exit code; it said: %s", args.get(0), err).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    /** Whether some file of the savepoint holds {@code text} (state schemas are stored as text). */
    private static boolean savepointMentions(String savepointUri, String text) throws Exception {
        Path dir = Path.of(java.net.URI.create(savepointUri.replaceFirst("^file:/+", "file:///")));
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String seconds(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }
}
