package io.fanscore.cli.demo;

import io.fanscore.schema.PushStatus;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The demo's progress line and final summary, from what was sent and what the job committed. */
final class DemoReport {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(FanRoutines.ZONE);

    private final WorkloadSender sender;
    private final TierTally tiers;
    private final NotificationTally notifications;
    private final PushOutcomeTally pushes;
    private final EndpointMetrics endpoint;
    private final DeadLetterTally deadLetters;
    private final PackageVersions packages;
    private final long simulatedStart;
    private long lastSent;
    private long lastNanos = System.nanoTime();

    DemoReport(
            WorkloadSender sender,
            TierTally tiers,
            NotificationTally notifications,
            PushOutcomeTally pushes,
            EndpointMetrics endpoint,
            DeadLetterTally deadLetters,
            PackageVersions packages,
            long simulatedStart) {
        this.sender = sender;
        this.tiers = tiers;
        this.notifications = notifications;
        this.pushes = pushes;
        this.endpoint = endpoint;
        this.deadLetters = deadLetters;
        this.packages = packages;
        this.simulatedStart = simulatedStart;
    }

    /** One line; the rate is over the time since the previous line. */
    synchronized String progress() {
        long sent = sender.sent();
        long now = System.nanoTime();
        double rate = (sent - lastSent) / Math.max(1e-3, (now - lastNanos) / 1e9);
        lastSent = sent;
        lastNanos = now;
        return format(
                "%s | events %,d (%,.0f/s) | lives %,d | notified %,d, suppressed %,d | %s |"
                        + " changes %,d (decay %,d, expiry %,d) | package versions %,d | dead"
                        + " letters %,d",
                simulatedDay(),
                sent,
                rate,
                sender.liveStartsSent(),
                notifications.total(),
                endpoint.suppressedTotal(),
                tierCounts(),
                tiers.changes(),
                tiers.byDecay(),
                tiers.byExpiry(),
                packages.latest().stream().mapToLong(PackageVersions.Latest::version).sum(),
                deadLetters.total());
    }

    String summary(double elapsedSeconds) {
        long sent = sender.sent();
        double sendSeconds = sender.elapsedSeconds();
        return String.join(
                "\n",
                "Summary",
                format(
                        "  events sent     %,d in %.1f s (%,.0f events/s)",
                        sent, sendSeconds, sent / Math.max(1e-3, sendSeconds)),
                format("  simulated time  %s", simulatedSpan()),
                format("  live starts     %,d", sender.liveStartsSent()),
                format(
                        "  notifications   %,d sent, %,d suppressed%s",
                        notifications.total(),
                        endpoint.suppressedTotal(),
                        listed(endpoint.suppressed())),
                format(
                        "  pushes          %s; %,d push notifications",
                        pushOutcomes(), pushes.notifications()),
                format(
                        "  tier changes    %,d: %,d by events, %,d DECAY, %,d EXPIRY",
                        tiers.changes(), tiers.byEvents(), tiers.byDecay(), tiers.byExpiry()),
                "  pairs per tier  " + tierCounts(),
                "  packages        " + packageVersions(),
                "  profiles        " + assignedProfiles(),
                format(
                        "  dead letters    %,d%s",
                        deadLetters.total(), listed(deadLetters.perReason())),
                format(
                        "  elapsed         %.1f s (%,.0f events/s end to end)",
                        elapsedSeconds, sent / Math.max(1e-3, elapsedSeconds)));
    }

    private String pushOutcomes() {
        Map<PushStatus, Long> outcomes = pushes.outcomes();
        if (outcomes.isEmpty()) {
            return "none decided";
        }
        return outcomes.entrySet().stream()
                .map(e -> format("%,d %s", e.getValue(), e.getKey()))
                .collect(Collectors.joining(", "));
    }

    /** Creators assigned to other profiles, as the job reports them; all others the default. */
    private String assignedProfiles() {
        Map<String, Long> assigned = endpoint.assignedCreators();
        if (assigned.isEmpty()) {
            return "every creator under the default profile";
        }
        StringBuilder text = new StringBuilder();
        assigned.forEach(
                (profile, creators) ->
                        text.append(text.length() == 0 ? "" : ", ")
                                .append(profile)
                                .append(' ')
                                .append(creators));
        return text.append(" creator(s); every other one the default").toString();
    }

    private String simulatedDay() {
        long latest = sender.latestEventTime();
        if (latest == Long.MIN_VALUE) {
            return "day -";
        }
        long day = (latest - simulatedStart) / 86_400_000L + 1;
        return format("day %d %s", day, DAY.format(Instant.ofEpochMilli(latest)));
    }

    private String simulatedSpan() {
        long latest = sender.latestEventTime();
        if (latest == Long.MIN_VALUE) {
            return "-";
        }
        return format(
                "%s to %s (%s), %.1f days",
                DAY.format(Instant.ofEpochMilli(simulatedStart)),
                DAY.format(Instant.ofEpochMilli(latest)),
                FanRoutines.ZONE,
                (latest - simulatedStart) / 86_400_000.0);
    }

    private String tierCounts() {
        return tiers.perTier().entrySet().stream()
                .map(e -> format("%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private String packageVersions() {
        List<PackageVersions.Latest> latest = packages.latest();
        if (latest.isEmpty()) {
            return "no version yet";
        }
        return latest.stream()
                .map(
                        p ->
                                p.status().equals("PUBLISHED")
                                        ? format(
                                                "%s v%,d (%,d members)",
                                                p.packageId(), p.version(), p.members())
                                        : format(
                                                "%s v%,d (%s)",
                                                p.packageId(), p.version(), p.status()))
                .collect(Collectors.joining("\n                  "));
    }

    private static String listed(Map<?, Long> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        return counts.entrySet().stream()
                .map(e -> format("%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", " (", ")"));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
