package io.fanscore.cli.console;

import io.fanscore.cli.metrics.MetricsSnapshot;
import io.fanscore.cli.metrics.PrometheusScrape;
import io.fanscore.packageformat.LocalPackageTree;
import io.fanscore.packageformat.VersionManifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the console's page shows, as JSON: the job's business metrics scraped from its Prometheus
 * endpoints (fans per tier, transitions, notifications and pushes sent and suppressed, dead letters
 * by reason) and each package's latest version from the package tree.
 */
public final class ConsoleOverview {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrometheusScrape metrics;
    private final Path packages;

    public ConsoleOverview(List<URI> endpoints, Path packages) {
        this.metrics = new PrometheusScrape(endpoints);
        this.packages = packages;
    }

    /** The page's data now; an endpoint that does not answer is left out. */
    public String json() throws IOException {
        try {
            return of(metrics.now(), packages).toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static ObjectNode of(MetricsSnapshot metrics, Path packages) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("live", !metrics.isEmpty());
        root.set("tiers", counts(metrics.by("tier_fans", "tier")));
        root.set("transitions", counts(metrics.by("from_to_tier_transitions", "from", "to")));
        ObjectNode notifications = root.putObject("notifications");
        notifications.put("sent", metrics.total("notifications_sent"));
        notifications.set(
                "suppressed", counts(metrics.by("reason_notifications_suppressed", "reason")));
        ObjectNode pushes = root.putObject("pushes");
        pushes.put("sent", metrics.total("push_notifications_sent"));
        pushes.set(
                "suppressed", counts(metrics.by("reason_push_notifications_suppressed", "reason")));
        pushes.set("outcomes", counts(metrics.by("status_push_outcomes", "status")));
        root.set("deadLetters", counts(metrics.by("reason_dead_letters", "reason")));
        root.set("packages", packageVersions(packages));
        return root;
    }

    private static ObjectNode counts(Map<String, Long> counts) {
        ObjectNode node = JSON.createObjectNode();
        counts.forEach(node::put);
        return node;
    }

    private static ArrayNode packageVersions(Path root) throws IOException {
        ArrayNode list = JSON.createArrayNode();
        if (root == null) {
            return list;
        }
        for (VersionManifest manifest : new LocalPackageTree(root).latestVersions()) {
            ObjectNode entry = list.addObject();
            entry.put("package", manifest.packageId().value());
            entry.put("version", manifest.version());
            entry.put("status", manifest.status().name());
            entry.put("members", manifest.memberCount());
            entry.put("cutoff", manifest.cutoff());
        }
        return list;
    }
}
