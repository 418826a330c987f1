package io.fanscore.cli.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fanscore's business metrics as one or more Prometheus endpoints expose them, summed over subtasks
 * (and TaskManagers): {@code flink_taskmanager_job_task_operator_fanscore_<name>} by the value of
 * one label, or alone.
 */
public final class MetricsSnapshot {

    static final String PREFIX = "flink_taskmanager_job_task_operator_fanscore_";

    private static final Pattern SAMPLE =
            Pattern.compile(
                    "^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?<labels>.*)\\})?\\s+(?<value>\\S+)");
    private static final Pattern LABEL =
            Pattern.compile("(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"");

    /** name (without the prefix) → label set (key=value, sorted) → summed value. */
    private final Map<String, Map<String, Double>> samples = new TreeMap<>();

    /** Adds one endpoint's exposition text. */
    public MetricsSnapshot add(String exposition) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(PREFIX)) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.find()) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(sample.group("value"));
            } catch (NumberFormatException e) {
                continue;
            }
            if (Double.isNaN(value)) {
                continue;
            }
            String name = sample.group("name").substring(PREFIX.length());
            samples.computeIfAbsent(name, n -> new TreeMap<>())
                    .merge(
                            sample.group("labels") == null ? "" : sample.group("labels"),
                            value,
                            Double::sum);
        }
        return this;
    }

    /** The metric summed over every series, 0 if absent. */
    public long total(String name) {
        return Math.round(
                samples.getOrDefault(name, Map.of()).values().stream().mapToDouble(d -> d).sum());
    }

    /** The metric summed by the value of {@code label} (series without it are left out). */
    public Map<String, Long> by(String name, String label) {
        Map<String, Double> sums = new TreeMap<>();
        for (Map.Entry<String, Double> series : samples.getOrDefault(name, Map.of()).entrySet()) {
            String value = labelValue(series.getKey(), label);
            if (value != null) {
                sums.merge(value, series.getValue(), Double::sum);
            }
        }
        Map<String, Long> rounded = new TreeMap<>();
        sums.forEach((key, sum) -> rounded.put(key, Math.round(sum)));
        return rounded;
    }

    /**
     * The largest series of the metric by the value of {@code label}: a gauge every subtask reports
     * alike (the profile assignments) is not summed.
     */
    public Map<String, Long> largestBy(String name, String label) {
        Map<String, Long> largest = new TreeMap<>();
        for (Map.Entry<String, Double> series : samples.getOrDefault(name, Map.of()).entrySet()) {
            String value = labelValue(series.getKey(), label);
            if (value != null) {
                largest.merge(value, Math.round(series.getValue()), Math::max);
            }
        }
        return largest;
    }

    /** The metric summed by two labels, as "first→second". */
    public Map<String, Long> by(String name, String first, String second) {
        Map<String, Double> sums = new TreeMap<>();
        for (Map.Entry<String, Double> series : samples.getOrDefault(name, Map.of()).entrySet()) {
            String a = labelValue(series.getKey(), first);
            String b = labelValue(series.getKey(), second);
            if (a != null && b != null) {
                sums.merge(a + "→" + b, series.getValue(), Double::sum);
            }
        }
        Map<String, Long> rounded = new TreeMap<>();
        sums.forEach((key, sum) -> rounded.put(key, Math.round(sum)));
        return rounded;
    }

    /** Whether any fanscore metric was seen: the endpoints answered and a job runs. */
    public boolean isEmpty() {
        return samples.isEmpty();
    }

    private static String labelValue(String labels, String key) {
        Matcher label = LABEL.matcher(labels);
        while (label.find()) {
            if (label.group("key").equals(key)) {
                return label.group("value");
            }
        }
        return null;
    }
}
