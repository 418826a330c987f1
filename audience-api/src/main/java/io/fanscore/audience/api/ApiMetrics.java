package io.fanscore.audience.api;

import io.fanscore.audience.store.PackageStore;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.Set;

/**
 * The API's Prometheus metrics. Labels are bounded: routes are the fixed route templates, statuses
 * are HTTP codes, and packages are those some configured token may read.
 */
final class ApiMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(ApiMetrics.class);

    static final String UNMATCHED_ROUTE = "unmatched";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter textFormat = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Counter bytesServed;
    private final Counter abortedResponses;
    private final Histogram latency;

    ApiMetrics(PackageStore store, Set<PackageId> packages) {
        requests =
                Counter.builder()
                        .name("fanscore_audience_api_requests_total")
                        .help("HTTP requests by route template and status")
                        .labelNames("route", "status")
                        .register(registry);
        bytesServed =
                Counter.builder()
                        .name("fanscore_audience_api_response_bytes_total")
                        .help("Response body bytes written, as sent (compressed when gzip)")
                        .labelNames("route")
                        .register(registry);
        abortedResponses =
                Counter.builder()
                        .name("fanscore_audience_api_responses_aborted_total")
                        .help("Streams cut off: the client went away, stalled or read too slowly")
                        .labelNames("route")
                        .register(registry);
        latency =
                Histogram.builder()
                        .name("fanscore_audience_api_request_duration_seconds")
                        .help("Time from request to the last byte of the response")
                        .labelNames("route")
                        .classicOnly()
                        .classicUpperBounds(
                                0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                        .register(registry);
        GaugeWithCallback.builder()
                .name("fanscore_audience_package_members")
                .help("Members in the latest version of each package a token may read")
                .labelNames("package")
                .callback(
                        callback ->
                                packages.forEach(
                                        id ->
                                                latestMemberCount(store, id)
                                                        .ifPresent(
                                                                count ->
                                                                        callback.call(
                                                                                count,
                                                                                id.value()))))
                .register(registry);
    }

    /** The route template the request matched, bounded by the routes the server defines. */
    static String routeOf(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? UNMATCHED_ROUTE : endpoint.path;
    }

    void observe(String route, int status, double seconds, long bytes) {
        requests.labelValues(route, Integer.toString(status)).inc();
        latency.labelValues(route).observe(seconds);
        if (bytes > 0) {
            bytesServed.labelValues(route).inc(bytes);
        }
    }

    void aborted(String route) {
        abortedResponses.labelValues(route).inc();
    }

    String contentType() {
        return textFormat.getContentType();
    }

    void write(OutputStream out) throws IOException {
        textFormat.write(out, registry.scrape());
    }

    private static Optional<Double> latestMemberCount(PackageStore store, PackageId id) {
        try {
            return store.latest(id).map(VersionManifest::memberCount).map(Long::doubleValue);
        } catch (Exception e) {
            LOG.debug("No size for package {}", id, e);
            return Optional.empty();
        }
    }
}
