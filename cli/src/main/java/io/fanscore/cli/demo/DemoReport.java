package io.fanscore.cli.demo;

import io.fanscore.schema.DeadLetterReason;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The demo's progress line and final summary, from what was sent and what the job committed. */
final class DemoReport {

    private final WorkloadSender sender;
    private final TierTally tiers;
    private final NotificationTally notifications;
    private final DeadLetterTally deadLetters;
    private final String metricsUrl;
    private long lastSent;
    private long lastNanos = System.nanoTime();

    DemoReport(
            WorkloadSender sender,
            TierTally tiers,
            NotificationTally notifications,
            DeadLetterTally deadLetters,
            String metricsUrl) {
        this.sender = sender;
        this.tiers = tiers;
        this.notifications = notifications;
        this.deadLetters = deadLetters;
        this.metricsUrl = metricsUrl;
    }

    /** One line; the rate is over the time since the previous line. */
    synchronized String progress() {
        long sent = sender.sent();
        long now = System.nanoTime();
        double rate = (sent - lastSent) / Math.max(1e-3, (now - lastNanos) / 1e9);
        lastSent = sent;
        lastNanos = now;
        return format(
                "events %,d (%,.0f/s) | live starts %,d | notifications %,d | tier changes %,d | %s"
                        + " | dead letters %,d | %s",
                sent,
                rate,
                sender.liveStartsSent(),
                notifications.total(),
                tiers.changes(),
                tierCounts(),
                deadLetters.total(),
                metricsUrl);
    }

    String summary(double elapsedSeconds) {
        long sent = sender.sent();
        double sendSeconds = sender.elapsedSeconds();
        return String.join(
                "\n",
                "Summary",
                format(
                        "  events sent    %,d in %.1f s (%,.0f events/s)",
                        sent, sendSeconds, sent / Math.max(1e-3, sendSeconds)),
                format("  live starts    %,d", sender.liveStartsSent()),
                format("  notifications  %,d", notifications.total()),
                format("  tier changes   %,d", tiers.changes()),
                "  pairs per tier " + tierCounts(),
                format("  dead letters   %,d %s", deadLetters.total(), reasons()),
                format(
                        "  elapsed        %.1f s (%,.0f events/s end to end)",
                        elapsedSeconds, sent / Math.max(1e-3, elapsedSeconds)));
    }

    private String tierCounts() {
        return tiers.perTier().entrySet().stream()
                .map(e -> format("%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private String reasons() {
        Map<DeadLetterReason, Long> perReason = deadLetters.perReason();
        if (perReason.isEmpty()) {
            return "";
        }
        return perReason.entrySet().stream()
                .map(e -> format("%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
