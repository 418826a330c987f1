package io.fanscore.cli.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Reads the job's Prometheus endpoints into one {@link MetricsSnapshot}. */
public final class PrometheusScrape {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final List<URI> endpoints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public PrometheusScrape(List<URI> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /** What the endpoints say now; one that does not answer (no job yet, or ended) is left out. */
    public MetricsSnapshot now() throws InterruptedException {
        MetricsSnapshot metrics = new MetricsSnapshot();
        for (URI endpoint : endpoints) {
            try {
                HttpResponse<String> scrape =
                        http.send(
                                HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).build(),
                                HttpResponse.BodyHandlers.ofString());
                if (scrape.statusCode() == 200) {
                    metrics.add(scrape.body());
                }
            } catch (IOException e) {
                // not running (yet)
            }
        }
        return metrics;
    }
}
