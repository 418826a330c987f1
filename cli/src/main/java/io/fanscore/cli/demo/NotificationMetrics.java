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
 * Live notifications the job suppressed, by reason (cap_pair, cap_fan, opted_out), from its
 * Prometheus endpoint: they have no output topic. Keeps the highest count seen per reason, since a
 * finished job's counters leave the endpoint.
 */
final class NotificationMetrics {

    private static final Pattern SUPPRESSED =
            Pattern.compile(
                    "^\\w*_notifications_suppressed\\{(?<labels>[^}]*)\\}\\s+(?<value>\\S+)");
    private static final Pattern REASON = Pattern.compile("reason=\"(?<reason>[^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI endpoint;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<String, Long> highest = new TreeMap<>();

    NotificationMetrics(String metricsUrl) {
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

    synchronized Map<String, Long> suppressed() {
        return new TreeMap<>(highest);
    }

    synchronized long suppressedTotal() {
        return highest.values().stream().mapToLong(Long::longValue).sum();
    }
}
