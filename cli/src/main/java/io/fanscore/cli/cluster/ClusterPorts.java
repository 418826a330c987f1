package io.fanscore.cli.cluster;

import io.fanscore.cli.process.LoopbackPorts;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where the local cluster listens on 127.0.0.1: the REST API (web UI, job submission), the
 * JobManager's RPC, and one Prometheus endpoint per process (JobManager first, then the
 * TaskManagers). Everything else (blob server, TaskManager RPC and data) takes a free port.
 */
public record ClusterPorts(int rest, int rpc, List<Integer> metrics) {

    public static final int DEFAULT_REST_PORT = 8081;
    public static final int DEFAULT_RPC_PORT = 6123;

    /**
     * Beside the demo's 9249, so that both can run. The production configuration's range 9249-9259
     * serves the same purpose on a real host.
     */
    public static final int DEFAULT_FIRST_METRICS_PORT = 9250;

    public ClusterPorts {
        metrics = List.copyOf(metrics);
    }

    /** The defaults, for a cluster of {@code taskManagers}. */
    public static ClusterPorts defaults(int taskManagers) {
        return of(DEFAULT_REST_PORT, DEFAULT_RPC_PORT, DEFAULT_FIRST_METRICS_PORT, taskManagers);
    }

    /** Consecutive metrics ports from {@code firstMetricsPort}. */
    public static ClusterPorts of(int rest, int rpc, int firstMetricsPort, int taskManagers) {
        return new ClusterPorts(
                rest,
                rpc,
                IntStream.rangeClosed(0, taskManagers)
                        .map(i -> firstMetricsPort + i)
                        .boxed()
                        .toList());
    }

    /** Ports the system just handed out as free: for tests, which must never use fixed ones. */
    public static ClusterPorts free(int taskManagers) {
        List<Integer> metrics = new ArrayList<>();
        for (int i = 0; i <= taskManagers; i++) {
            metrics.add(LoopbackPorts.free());
        }
        return new ClusterPorts(LoopbackPorts.free(), LoopbackPorts.free(), metrics);
    }

    public int jobManagerMetrics() {
        return metrics.get(0);
    }

    /** The metrics port of TaskManager {@code n} (1-based). */
    public int taskManagerMetrics(int n) {
        return metrics.get(n);
    }

    public List<Integer> all() {
        List<Integer> all = new ArrayList<>(List.of(rest, rpc));
        all.addAll(metrics);
        return all;
    }
}
