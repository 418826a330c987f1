package io.fanscore.bench;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.LocalKafkaBroker;
import io.fanscore.cli.kafka.TopicSetup;
import io.fanscore.config.Durations;
import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Produce → readable latency of a running job (SPEC §7 "in a running job"): the job runs unbounded
 * and at-least-once on an embedded cluster; events stamped with the wall clock are produced at a
 * fixed rate, and every tier change, live notification and push notification is timed from the
 * moment its cause was produced to the moment a consumer read it. Printed as p50 / p99 / max per
 * output, for each out-of-orderness bound and rate.
 *
 * <p>Options: {@code --rates 20,5000 --bounds 10s,2s --seconds 30 --port 19192}.
 */
public final class LatencyBenchmark {

    static final String INPUT = "lat.interactions";
    static final String LIVE = "lat.live";
    static final String TIER_CHANGES = "lat.tier-changes";
    static final String NOTIFICATIONS = "lat.notifications";
    private static final String DEAD = "lat.deadletter";
    private static final String PROFILES = "lat.profiles";
    static final String PUSHES = "lat.pushes";
    private static final String PUSH_OUTCOMES = "lat.push-outcomes";
    static final String PUSH_NOTIFICATIONS = "lat.push-notifications";
    private static final int PARTITIONS = 4;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        List<Integer> rates = new ArrayList<>();
        for (String rate : options.getOrDefault("rates", "20,5000").split(",")) {
            rates.add(Integer.parseInt(rate.trim()));
        }
        List<String> bounds = List.of(options.getOrDefault("bounds", "10s,2s").split(","));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int port = Integer.parseInt(options.getOrDefault("port", "19192"));

        FanscoreHome home = BenchHome.of("bench-latency");
        LocalKafkaBroker broker = new LocalKafkaBroker(home);
        LocalKafkaBroker.Running running = broker.start(port, port + 1);
        System.out.printf(
                "machine: %d cores, Java %s; job at parallelism 2, %d partitions, at-least-once%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                PARTITIONS);
        try {
            for (String bound : bounds) {
                for (int rate : rates) {
                    measure(running.bootstrap(), home, bound.trim(), rate, seconds);
                }
            }
        } finally {
            if (!running.reused()) {
                broker.stop();
            }
        }
    }

    private static void measure(
            String bootstrap, FanscoreHome home, String bound, int rate, int seconds)
            throws Exception {
        try (TopicSetup topics = new TopicSetup(bootstrap)) {
            topics.recreate(
                    List.of(
                            INPUT,
                            LIVE,
                            TIER_CHANGES,
                            NOTIFICATIONS,
                            DEAD,
                            PROFILES,
                            PUSHES,
                            PUSH_OUTCOMES,
                            PUSH_NOTIFICATIONS),
                    PARTITIONS);
        }
        String name = "latency-" + bound + "-" + rate;
        JobConfig config =
                JobConfig.from(
                        new Configuration()
                                .set(JobOptions.BOOTSTRAP, bootstrap)
                                .set(JobOptions.JOB_NAME, name)
                                .set(JobOptions.GROUP_ID, name)
                                .set(JobOptions.TRANSACTIONAL_ID_PREFIX, name)
                                .set(JobOptions.INTERACTIONS_TOPIC, INPUT)
                                .set(JobOptions.LIVE_TOPIC, LIVE)
                                .set(JobOptions.TIER_CHANGES_TOPIC, TIER_CHANGES)
                                .set(JobOptions.LIVE_NOTIFICATIONS_TOPIC, NOTIFICATIONS)
                                .set(JobOptions.DEAD_LETTER_TOPIC, DEAD)
                                .set(JobOptions.PROFILES_TOPIC, PROFILES)
                                .set(JobOptions.PUSHES_TOPIC, PUSHES)
                                .set(JobOptions.PUSH_OUTCOMES_TOPIC, PUSH_OUTCOMES)
                                .set(JobOptions.PUSH_NOTIFICATIONS_TOPIC, PUSH_NOTIFICATIONS)
                                .set(JobOptions.DELIVERY, JobOptions.Delivery.AT_LEAST_ONCE)
                                .set(JobOptions.OUT_OF_ORDERNESS, Durations.parse(bound))
                                .set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(10))
                                .set(JobOptions.CHECKPOINT_DIR, home.checkpointsUri())
                                .set(JobOptions.PARALLELISM, 2)
                                .set(JobOptions.FROM, JobOptions.StartFrom.EARLIEST));
        JobClient job = FanScoringJob.executeAsync(config);
        try (OutputLatencies outputs = OutputLatencies.start(bootstrap)) {
            while (job.getJobStatus().get() != JobStatus.RUNNING) {
                Thread.sleep(100); // start-up is not measured
            }
            PacedWorkload workload = new PacedWorkload(bootstrap, outputs);
            workload.warmUp();
            workload.run(rate, Duration.ofSeconds(seconds));
            boolean complete =
                    outputs.awaitAll(
                            workload.expectedTierChanges(),
                            workload.expectedNotifications(),
                            workload.expectedPushNotifications(),
                            Duration.ofSeconds(90));
            System.out.printf(
                    "bound %s, %,d events/s for %d s: tier changes %s; notifications %s;"
                            + " push notifications %s%s%n",
                    bound,
                    rate,
                    seconds,
                    outputs.tierChanges(),
                    outputs.notifications(),
                    outputs.pushNotifications(),
                    complete ? "" : " (INCOMPLETE: some outputs never came)");
        } finally {
            job.cancel().get();
        }
    }
}
