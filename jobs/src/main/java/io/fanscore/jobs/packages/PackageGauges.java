package io.fanscore.jobs.packages;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.Map;

/** Package size and version gauges, by package id (cardinality: the defined packages). */
final class PackageGauges {
    private final MetricGroup group;
    private final Map<String, long[]> values = new HashMap<>();

    PackageGauges(MetricGroup operatorGroup) {
        this.group = operatorGroup.addGroup("fanscore");
    }

    void update(String packageId, int version, long memberCount) {
        long[] value =
                values.computeIfAbsent(
                        packageId,
                        id -> {
                            long[] v = new long[2];
                            MetricGroup pkg = group.addGroup("package", id);
                            pkg.<Long, Gauge<Long>>gauge("version", () -> v[0]);
                            pkg.<Long, Gauge<Long>>gauge("members", () -> v[1]);
                            return v;
                        });
        value[0] = version;
        value[1] = memberCount;
    }
}
