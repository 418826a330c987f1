package io.fanscore.cli.demo;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Flink MiniCluster in this JVM that exports metrics to Prometheus. In Flink 2 a metric reporter
 * is cluster configuration, which a job's own settings cannot bring, so the demo starts the cluster
 * itself and submits the job to it.
 */
public final class ScoringCluster implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final MiniCluster cluster;

    private ScoringCluster(MiniCluster cluster) {
        this.cluster = cluster;
    }

    /** One task manager with a slot per parallel instance, the job settings as cluster defaults. */
    public static ScoringCluster start(Configuration jobSettings, int slots, int prometheusPort)
            throws Exception {
        Configuration configuration = new Configuration(jobSettings);
        configuration.addAll(
                Configuration.fromMap(
                        Map.of(
                                "metrics.reporter.prom.factory.class",
                                PrometheusReporterFactory.class.getName(),
                                "metrics.reporter.prom.port",
                                Integer.toString(prometheusPort))));
        configuration.set(RestOptions.ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(configuration)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .withRandomPorts()
                                .build());
        cluster.start();
        return new ScoringCluster(cluster);
    }

    /** Submits the job; the returned handle follows it to its end. */
    public SubmittedJob submit(StreamGraph graph) throws Exception {
        JobID id = cluster.submitJob(graph.getJobGraph()).get().getJobID();
        return new SubmittedJob(id, cluster.requestJobResult(id));
    }

    /** A job on this cluster and its result, which completes when the job has ended. */
    public record SubmittedJob(JobID id, CompletableFuture<JobResult> result) {
        public boolean hasEnded() {
            return result.isDone();
        }
    }

    /**
     * Stops the job with a final savepoint after draining: sources stop, event time advances to the
     * end so every pending timer fires, and the sinks commit their last transactions. Returns the
     * savepoint's path.
     */
    public String drain(SubmittedJob job, String savepointDir, Duration timeout) throws Exception {
        return cluster.stopWithSavepoint(
                        job.id(), savepointDir, true, SavepointFormatType.CANONICAL)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cancels the job unless it has ended already, and waits until it has. */
    public void cancel(SubmittedJob job, Duration timeout) throws Exception {
        if (!job.hasEnded()) {
            cluster.cancelJob(job.id()).exceptionally(alreadyEnded -> null);
        }
        job.result().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        cluster.closeAsync().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
