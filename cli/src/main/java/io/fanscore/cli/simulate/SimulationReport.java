package io.fanscore.cli.simulate;

import io.fanscore.schema.Tier;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Two replays side by side: a table for the terminal, and a self-contained HTML page with the
 * tables and an inline SVG chart of each tier's population per day (no script, no network: it opens
 * anywhere, and a report mailed on keeps working).
 */
public final class SimulationReport {

    private final String baselineName;
    private final SimulationFigures baseline;
    private final String candidateName;
    private final SimulationFigures candidate;

    public SimulationReport(
            String baselineName,
            SimulationFigures baseline,
            String candidateName,
            SimulationFigures candidate) {
        this.baselineName = baselineName;
        this.baseline = baseline;
        this.candidateName = candidateName;
        this.candidate = candidate;
    }

    /** The rows both renderings show: a label, the baseline's figure, the candidate's. */
    List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        for (Tier tier : SimulationFigures.TIERS) {
            rows.add(
                    row(
                            "fans " + tier + " at the end",
                            baseline.finalPopulation().get(tier),
                            candidate.finalPopulation().get(tier)));
        }
        for (String cause : SimulationFigures.CAUSES) {
            for (Tier to :
                    List.of(Tier.NONE, Tier.POTENTIAL, Tier.CASUAL, Tier.FAVORABLE, Tier.DEVOTED)) {
                long a = baseline.transitions().get(cause).getOrDefault(to, 0L);
                long b = candidate.transitions().get(cause).getOrDefault(to, 0L);
                if (a != 0 || b != 0) {
                    rows.add(row("changes to " + to + " by " + cause, a, b));
                }
            }
        }
        rows.add(row("live notifications sent", baseline.liveSent(), candidate.liveSent()));
        rows.add(
                row(
                        "live notifications suppressed by caps",
                        baseline.liveSuppressed(),
                        candidate.liveSuppressed()));
        TreeSet<String> statuses = new TreeSet<>(baseline.pushOutcomes().keySet());
        statuses.addAll(candidate.pushOutcomes().keySet());
        for (String status : statuses) {
            rows.add(
                    row(
                            "pushes " + status,
                            baseline.pushOutcomes().getOrDefault(status, 0L),
                            candidate.pushOutcomes().getOrDefault(status, 0L)));
        }
        if (!statuses.isEmpty()) {
            rows.add(row("push notifications sent", baseline.pushesSent(), candidate.pushesSent()));
        }
        TreeSet<String> packages = new TreeSet<>(baseline.packages().keySet());
        packages.addAll(candidate.packages().keySet());
        for (String id : packages) {
            rows.add(
                    row(
                            "package " + id + " members",
                            baseline.packages().getOrDefault(id, 0L),
                            candidate.packages().getOrDefault(id, 0L)));
        }
        rows.add(row("input dead-lettered", baseline.deadLetters(), candidate.deadLetters()));
        return rows;
    }

    /** The comparison as a fixed-width table. */
    public String table() {
        List<String[]> rows = rows();
        int width = "figure".length();
        for (String[] row : rows) {
            width = Math.max(width, row[0].length());
        }
        int column = Math.max(12, Math.max(baselineName.length(), candidateName.length()) + 2);
        String format = "%-" + width + "s %" + column + "s %" + column + "s %10s%n";
        StringBuilder table = new StringBuilder();
        table.append(
                String.format(
                        Locale.ROOT, format, "figure", baselineName, candidateName, "change"));
        for (String[] row : rows) {
            table.append(String.format(Locale.ROOT, format, (Object[]) row));
        }
        return table.toString();
    }

    /** The comparison as one HTML page. */
    public String html() {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>fanscore simulate: ")
                .append(escape(candidateName))
                .append(" against ")
                .append(escape(baselineName))
                .append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}")
                .append(
                        "table{border-collapse:collapse}td,th{padding:.2em .8em;border-bottom:1px solid #ddd}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append(
                        ".charts{display:flex;flex-wrap:wrap;gap:1.5em}figure{margin:0;width:380px}")
                .append("</style></head><body>\n<h1>")
                .append(escape(candidateName))
                .append(" against ")
                .append(escape(baselineName))
                .append(
                        "</h1>\n<p>The same recorded input replayed under each profile; every creator")
                .append(" scored under it.</p>\n<h2>Fans per tier, end of each day</h2>\n")
                .append("<div class=\"charts\">\n");
        for (Tier tier : SimulationFigures.TIERS) {
            html.append(chart(tier));
        }
        TreeSet<String> packages = new TreeSet<>(baseline.packages().keySet());
        packages.addAll(candidate.packages().keySet());
        if (!packages.isEmpty()) {
            html.append("</div>\n<h2>Package members, version by version</h2>\n")
                    .append("<div class=\"charts\">\n");
            for (String id : packages) {
                html.append(packageChart(id));
            }
        }
        html.append("</div>\n<h2>Figures</h2>\n<table id=\"figures\"><tr><th>figure</th><th>")
                .append(escape(baselineName))
                .append("</th><th>")
                .append(escape(candidateName))
                .append("</th><th>change</th></tr>\n");
        for (String[] row : rows()) {
            html.append("<tr><td>")
                    .append(escape(row[0]))
                    .append("</td><td class=\"n\">")
                    .append(row[1])
                    .append("</td><td class=\"n\">")
                    .append(row[2])
                    .append("</td><td class=\"n\">")
                    .append(row[3])
                    .append("</td></tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    /** One tier's population per day, both profiles, as an SVG line chart. */
    private String chart(Tier tier) {
        TreeSet<LocalDate> days = new TreeSet<>(baseline.populations().keySet());
        days.addAll(candidate.populations().keySet());
        List<Long> before = new ArrayList<>();
        List<Long> after = new ArrayList<>();
        for (LocalDate day : days) {
            before.add(baseline.populationOn(day).get(tier));
            after.add(candidate.populationOn(day).get(tier));
        }
        return chart(
                "data-tier=\"" + tier + "\"",
                tier.name(),
                days.isEmpty() ? "" : ", " + days.first() + " to " + days.last(),
                before,
                after);
    }

    /** One package's members at each version's cut-off, both profiles. */
    private String packageChart(String packageId) {
        TreeSet<Long> cutoffs = new TreeSet<>(baseline.packageHistory(packageId).keySet());
        cutoffs.addAll(candidate.packageHistory(packageId).keySet());
        List<Long> before = new ArrayList<>();
        List<Long> after = new ArrayList<>();
        for (long cutoff : cutoffs) {
            before.add(membersAt(baseline.packageHistory(packageId), cutoff));
            after.add(membersAt(candidate.packageHistory(packageId), cutoff));
        }
        return chart(
                "data-package=\"" + escape(packageId) + "\"",
                "package " + escape(packageId),
                cutoffs.isEmpty()
                        ? ""
                        : ", versions "
                                + Instant.ofEpochMilli(cutoffs.first())
                                + " to "
                                + Instant.ofEpochMilli(cutoffs.last()),
                before,
                after);
    }

    private static long membersAt(java.util.NavigableMap<Long, Long> history, long cutoff) {
        Map.Entry<Long, Long> version = history.floorEntry(cutoff);
        return version == null ? 0 : version.getValue();
    }

    /** A line chart of two series over the same points, as inline SVG. */
    private String chart(
            String dataAttribute, String title, String range, List<Long> before, List<Long> after) {
        long max = 1;
        for (int i = 0; i < before.size(); i++) {
            max = Math.max(max, Math.max(before.get(i), after.get(i)));
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<figure><svg class=\"chart\" ")
                .append(dataAttribute)
                .append(
                        " width=\"360\" height=\"180\" viewBox=\"0 0 360 180\" role=\"img\"><title>")
                .append(title)
                .append("</title>")
                .append("<line x1=\"30\" y1=\"160\" x2=\"350\" y2=\"160\" stroke=\"#999\"/>")
                .append("<text x=\"2\" y=\"20\" font-size=\"10\">")
                .append(max)
                .append("</text>")
                .append(line(before, max, "#1f77b4", "baseline"))
                .append(line(after, max, "#d62728", "candidate"))
                .append("</svg><figcaption>")
                .append(title)
                .append(": <span style=\"color:#1f77b4\">")
                .append(escape(baselineName))
                .append("</span>, <span style=\"color:#d62728\">")
                .append(escape(candidateName))
                .append("</span>")
                .append(range)
                .append("</figcaption></figure>\n");
        return svg.toString();
    }

    private static String line(List<Long> values, long max, String colour, String series) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            double x = 30 + (values.size() == 1 ? 160 : 320.0 * i / (values.size() - 1));
            double y = 160 - 140.0 * values.get(i) / max;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return "<polyline class=\""
                + series
                + "\" fill=\"none\" stroke=\""
                + colour
                + "\" stroke-width=\"2\" points=\""
                + points.toString().trim()
                + "\"/>";
    }

    private static String[] row(String label, long baseline, long candidate) {
        long change = candidate - baseline;
        return new String[] {
            label,
            Long.toString(baseline),
            Long.toString(candidate),
            change == 0 ? "" : (change > 0 ? "+" : "") + change
        };
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** The rows by label, for tools and tests. */
    public Map<String, long[]> figuresByLabel() {
        Map<String, long[]> figures = new java.util.LinkedHashMap<>();
        for (String[] row : rows()) {
            figures.put(row[0], new long[] {Long.parseLong(row[1]), Long.parseLong(row[2])});
        }
        return figures;
    }
}
