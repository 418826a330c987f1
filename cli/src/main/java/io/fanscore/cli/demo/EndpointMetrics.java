package io.fanscore.cli.demo;

import io.fanscore.cli.metrics.MetricsSnapshot;
import io.fanscore.cli.metrics.PrometheusScrape;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the job reports only on its Prometheus endpoint, as they have no output topic: live
 * notifications it suppressed, by reason (cap_pair, cap_fan, opted_out), and creators assigned to
 * each profile. Keeps the highest count and the latest gauge seen, since a finished job's metrics
 * leave the endpoint.
 */
final class EndpointMetrics {

    private final PrometheusScrape endpoint;
    private final Map<String, Long> highest = new TreeMap<>();
    private final Map<String, Long> assigned = new TreeMap<>();

    EndpointMetrics(String metricsUrl) {
        this.endpoint = new PrometheusScrape(List.of(URI.create(metricsUrl)));
    }

    /** Reads the endpoint once; a failed read leaves the counts as they were. */
    synchronized void scrape() {
        MetricsSnapshot now;
        try {
            now = endpoint.now();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        suppressed(now).forEach((reason, count) -> highest.merge(reason, count, Math::max));
        Map<String, Long> profiles = assigned(now);
        if (!profiles.isEmpty()) {
            // A gauge: the latest values, kept after the finished job leaves the endpoint.
            assigned.clear();
            assigned.putAll(profiles);
        }
    }

    /** Suppressed notifications per reason, summed over the job's subtasks. */
    static Map<String, Long> parse(String exposition) {
        return suppressed(new MetricsSnapshot().add(exposition));
    }

    /**
     * Creators assigned to each profile, as the scorer reports them: every subtask holds every
     * assignment, so the largest value, not the sum. The reporter writes a label's - as _.
     */
    static Map<String, Long> parseAssigned(String exposition) {
        return assigned(new MetricsSnapshot().add(exposition));
    }

    private static Map<String, Long> suppressed(MetricsSnapshot metrics) {
        return metrics.by("reason_notifications_suppressed", "reason");
    }

    private static Map<String, Long> assigned(MetricsSnapshot metrics) {
        Map<String, Long> perProfile = new TreeMap<>();
        metrics.largestBy("profile_assigned_creators", "profile")
                .forEach(
                        (profile, count) -> {
                            if (count > 0) {
                                perProfile.put(profile.replace('_', '-'), count);
                            }
                        });
        return perProfile;
    }

    synchronized Map<String, Long> assignedCreators() {
        return new TreeMap<>(assigned);
    }

    synchronized Map<String, Long> suppressed() {
        return new TreeMap<>(highest);
    }

    synchronized long suppressedTotal() {
        return highest.values().stream().mapToLong(Long::longValue).sum();
    }
}
