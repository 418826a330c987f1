package io.fanscore.jobs.packages.audit;

import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.PackageControl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What changed in the definitions file between two starts of the job: packages new or changed (an
 * UPSERT) and packages gone (a REMOVE), in package id order. Definitions are compared as their
 * control records, the form the audit writes them in.
 */
public final class DefinitionsFileChanges {

    /** One change: {@code previous} null for a package new to the file. */
    public record Change(PackageControl change, PackageControl previous) {}

    private DefinitionsFileChanges() {}

    /** The file's packages as the records the audit compares and keeps. */
    public static List<PackageControl> asRecords(Collection<PackageDefinition> definitions) {
        return definitions.stream()
                .map(PackageControls::upsert)
                .sorted((a, b) -> a.getPackageId().compareTo(b.getPackageId()))
                .toList();
    }

    /** From the packages of the last start ({@code before}) to those of this one ({@code now}). */
    public static List<Change> between(
            Collection<PackageControl> before, Collection<PackageControl> now) {
        Map<String, PackageControl> earlier = byId(before);
        Map<String, PackageControl> later = byId(now);
        List<Change> changes = new ArrayList<>();
        for (PackageControl current : later.values()) {
            PackageControl previous = earlier.get(current.getPackageId());
            if (!current.equals(previous)) {
                changes.add(new Change(current, previous));
            }
        }
        for (PackageControl gone : earlier.values()) {
            if (!later.containsKey(gone.getPackageId())) {
                changes.add(new Change(PackageControls.remove(gone.getPackageId()), gone));
            }
        }
        changes.sort((a, b) -> a.change().getPackageId().compareTo(b.change().getPackageId()));
        return changes;
    }

    private static Map<String, PackageControl> byId(Collection<PackageControl> records) {
        Map<String, PackageControl> byId = new TreeMap<>();
        for (PackageControl record : records) {
            byId.put(record.getPackageId(), record);
        }
        return byId;
    }
}
