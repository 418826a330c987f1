package io.fanscore.jobs.security;

import io.fanscore.connectors.kafka.KafkaClientSecurity;
import io.fanscore.connectors.kafka.SaslCredentials;
import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;
import io.fanscore.jobs.testutils.BoundedReplay;
import io.fanscore.jobs.testutils.ExpectedTierChanges;
import io.fanscore.jobs.testutils.ScenarioWorkload;
import io.fanscore.jobs.testutils.TestClusters;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.TierChange;
import io.fanscore.testutils.KafkaTestBroker;
import io.fanscore.testutils.LogCapture;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The job against a broker that requires SASL: it reads and writes as a SCRAM-SHA-512 user whose
 * login comes from a client properties file, a wrong password fails it, and the password shows up
 * in no log line, no metric and nothing a Flink cluster displays of the job.
 */
class SecuredKafkaITCase {

    @RegisterExtension
    @Order(1)
    static final KafkaTestBroker KAFKA = KafkaTestBroker.withSasl();

    /** Keeps the metrics of finished jobs, so that all of them can be searched afterwards. */
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK =
            TestClusters.twoSlots(METRICS.addToConfiguration(new Configuration()));

    @TempDir Path dir;

    @Test
    void theJobScoresThroughScramAndThePasswordReachesNoLogAndNoMetric() throws Exception {
        List<InteractionEvent> events = ScenarioWorkload.generate(17, 60);
        BoundedReplay replay = new BoundedReplay(KAFKA, "sasl", 1).produce(events, List.of());
        SaslCredentials user = KAFKA.scramUser();

        BoundedReplay.Outputs outputs;
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            outputs =
                    replay.run(
                            replay.options(dir.resolve("checkpoints"))
                                    .set(JobOptions.KAFKA_CONFIG, loginFile(user).toString()));
            logs = capture.text();
        }

        List<TierChange> expected = ExpectedTierChanges.of(ScoringFixtures.general(), events);
        assertThat(expected).isNotEmpty();
        assertThat(sorted(outputs.tierChanges())).isEqualTo(sorted(expected));
        assertThat(outputs.deadLetters()).isEmpty();
        // The capture holds the clients' configuration as they log it, and in it no password.
        assertThat(logs)
                .contains("sasl.mechanism = SCRAM-SHA-512")
                .contains("sasl.jaas.config = [hidden]")
                .doesNotContain(user.password());
        String metrics = everyMetric();
        assertThat(metrics).contains("KafkaConsumer").doesNotContain(user.password());
    }

    @Test
    void aWrongPasswordFailsTheJobOnAuthenticationInsteadOfHanging() throws Exception {
        BoundedReplay replay =
                new BoundedReplay(KAFKA, "wrong-password", 1)
                        .produce(ScenarioWorkload.generate(3, 5), List.of());
        SaslCredentials user = KAFKA.scramUser();
        SaslCredentials wrong =
                new SaslCredentials(user.mechanism(), user.username(), "not-" + user.password());
        Path loginFile = loginFile(wrong);
        Configuration options =
                JobOptions.flinkSetting(
                        replay.options(dir.resolve("checkpoints"))
                                .set(JobOptions.KAFKA_CONFIG, loginFile.toString()),
                        "restart-strategy.type",
                        "none");

        Throwable failure =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(120), () -> catchThrowable(() -> replay.run(options)));

        assertThat(failure).as("the job must fail").isNotNull();
        assertThat(ExceptionUtils.findThrowable(failure, SaslAuthenticationException.class))
                .as(ExceptionUtils.stringifyException(failure))
                .isPresent();
        assertThat(ExceptionUtils.stringifyException(failure)).doesNotContain(wrong.password());
    }

    @Test
    void whatAFlinkClusterShowsOfTheJobHoldsNoPassword() throws Exception {
        SaslCredentials user = KAFKA.scramUser();
        JobConfig config =
                JobConfig.from(
                        new Configuration().set(JobOptions.BOOTSTRAP, KAFKA.bootstrapServers()),
                        Map.of(
                                KafkaClientSecurity.USERNAME_ENV, user.username(),
                                KafkaClientSecurity.PASSWORD_ENV, user.password()));

        StreamGraph graph = FanScoringJob.environment(config).getStreamGraph();

        // The job's configuration, its parameters and its plan: what the web UI and REST API show.
        assertThat(config.kafka().clientProperties().getProperty("sasl.jaas.config"))
                .contains(user.password());
        assertThat(graph.getJobConfiguration().toMap().toString())
                .contains("rocksdb")
                .doesNotContain(user.password());
        assertThat(graph.getExecutionConfig().getGlobalJobParameters().toMap().toString())
                .doesNotContain(user.password());
        assertThat(graph.getStreamingPlanAsJSON())
                .contains("interactions")
                .doesNotContain(user.password());
        assertThat(config.toString()).doesNotContain(user.password());
    }

    /** A client properties file that logs in as {@code user}, as an operator would write it. */
    private Path loginFile(SaslCredentials user) throws Exception {
        Properties properties = new Properties();
        properties.putAll(KAFKA.loginProperties(user));
        Path file = Files.createTempFile(dir, "client", ".properties");
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, null);
        }
        return file;
    }

    /** Every metric of the cluster so far: scope, labels, name and value, one per line. */
    private static String everyMetric() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                METRICS.getMetricsByGroup().entrySet()) {
            for (Map.Entry<String, Metric> metric : group.getValue().entrySet()) {
                text.append(group.getKey().getMetricIdentifier(metric.getKey()))
                        .append(' ')
                        .append(group.getKey().getAllVariables())
                        .append(' ')
                        .append(valueOf(metric.getValue()))
                        .append('\n');
            }
        }
        return text.toString();
    }

    private static String valueOf(Metric metric) {
        try {
            if (metric instanceof Gauge<?> gauge) {
                return String.valueOf(gauge.getValue());
            } else if (metric instanceof Counter counter) {
                return String.valueOf(counter.getCount());
            } else if (metric instanceof Meter meter) {
                return String.valueOf(meter.getRate());
            }
            return metric.getClass().getSimpleName();
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getClass().getSimpleName() + ")";
        }
    }

    private static List<TierChange> sorted(List<TierChange> changes) {
        return changes.stream().sorted(Comparator.comparing(TierChange::getChangeId)).toList();
    }
}
