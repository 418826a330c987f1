package io.fanscore.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the job reports only on its Prometheus endpoint, as they have no output topic: live
 * notifications it suppressed, by reason (cap_pair, cap_fan, opted_out), and creators assigned to
 * each profile. Keeps the highest count and the latest gauge seen, since a finished job's metrics
 * leave the endpoint.
 */
final class EndpointMetrics {

    private static final Pattern SUPPRESSED =
            Pattern.compile(
                    "^\\w*_notifications_suppressed\\{(?<labels>[^}]*)\\}\\s+(?<value>\\S+)");
    private static final Pattern REASON = Pattern.compile("reason=\"(?<reason>[^\"]*)\"");
    private static final Pattern ASSIGNED =
            Pattern.compile(
                    "^\\w*_profile_assigned_creators\\{(?<labels>[^}]*)\\}\\s+(?<value>\\S+)");
    private static final Pattern PROFILE = Pattern.compile("profile=\"(?<profile>[^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI endpoint;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<String, Long> highest = new TreeMap<>();
    private final Map<String, Long> assigned = new TreeMap<>();

    EndpointMetrics(String metricsUrl) {
        this.endpoint = URI.create(metricsUrl);
    }

    /** Reads the endpoint once; a failed read leaves the counts as they were. */
    synchronized void scrape() {
        String text;
        try {
            text =
                    client.send(
                                    HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
        } catch (IOException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Map<String, Long> now = parse(text);
        now.forEach((reason, count) -> highest.merge(reason, count, Math::max));
        Map<String, Long> profiles = parseAssigned(text);
        if (!profiles.isEmpty()) {
            // A gauge: the latest values, kept after the finished job leaves the endpoint.
            assigned.clear();
            assigned.putAll(profiles);
        }
    }

    /** Suppressed notifications per reason, summed over the job's subtasks. */
    static Map<String, Long> parse(String exposition) {
        Map<String, Long> perReason = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            Matcher metric = SUPPRESSED.matcher(line);
            if (!metric.find()) {
                continue;
            }
            Matcher reason = REASON.matcher(metric.group("labels"));
            if (reason.find()) {
                perReason.merge(
                        reason.group("reason"),
                        (long) Double.parseDouble(metric.group("value")),
                        Long::sum);
            }
        }
        return perReason;
    }

    /**
     * Creators assigned to each profile, as the scorer reports them: every subtask holds every
     * assignment, so the largest value, not the sum. The reporter writes a label's - as _.
     */
    static Map<String, Long> parseAssigned(String exposition) {
        Map<String, Long> perProfile = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            Matcher metric = ASSIGNED.matcher(line);
            if (!metric.find()) {
                continue;
            }
            Matcher profile = PROFILE.matcher(metric.group("labels"));
            long count = (long) Double.parseDouble(metric.group("value"));
            if (profile.find() && count > 0) {
                perProfile.merge(profile.group("profile").replace('_', '-'), count, Math::max);
            }
        }
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
