package io.fanscore.jobs.packages;

import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageControlPolicy;
import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.PackageAction;
import io.fanscore.schema.PackageControl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The packages in force (SPEC §8): the catalog the job started with, then the runtime changes
 * accepted so far, in order of arrival. Plain Java; the operator that keeps one stores {@link
 * #changes()} in its state and rebuilds the book from it on restore.
 */
public final class PackageBook {

    /** What an accepted change did: the definition before it and after it (null: none). */
    public record Applied(PackageDefinition before, PackageDefinition after) {}

    private final PackageCatalog catalog;
    private final Map<String, PackageControl> changes = new LinkedHashMap<>();
    private Map<String, PackageDefinition> inForce;
    private Map<String, List<PackageDefinition>> byCreator;

    public PackageBook(PackageCatalog catalog) {
        this.catalog = catalog;
    }

    /** Takes back changes accepted before a restore, without checking them again. */
    public void restore(Iterable<Map.Entry<String, PackageControl>> accepted) {
        for (Map.Entry<String, PackageControl> change : accepted) {
            changes.put(change.getKey(), change.getValue());
        }
        forget();
    }

    /** Applies a runtime change; empty if it is refused ({@link PackageControlPolicy}). */
    public Optional<Applied> apply(PackageControl change) {
        String packageId = change.getPackageId();
        PackageDefinition before = inForce().get(packageId);
        if (!PackageControlPolicy.acceptable(change, before, changes.get(packageId))) {
            return Optional.empty();
        }
        changes.put(packageId, change); // one entry per package: the order of ids never matters
        forget();
        PackageDefinition after =
                change.getAction() == PackageAction.REMOVE ? null : inForce().get(packageId);
        return Optional.of(new Applied(before, after));
    }

    /** The runtime changes accepted so far, by package id: what to keep in state. */
    public Map<String, PackageControl> changes() {
        return Collections.unmodifiableMap(changes);
    }

    /** The packages of one creator in force. */
    public List<PackageDefinition> of(String creatorId) {
        if (byCreator == null) {
            byCreator = new HashMap<>();
            for (PackageDefinition definition : inForce().values()) {
                byCreator
                        .computeIfAbsent(definition.creatorId(), c -> new ArrayList<>())
                        .add(definition);
            }
        }
        return byCreator.getOrDefault(creatorId, List.of());
    }

    /** Every package in force. */
    public Collection<PackageDefinition> inForceNow() {
        return inForce().values();
    }

    public boolean isEmpty() {
        return inForce().isEmpty();
    }

    private Map<String, PackageDefinition> inForce() {
        if (inForce == null) {
            inForce = PackageControls.effective(catalog, changes.entrySet());
        }
        return inForce;
    }

    private void forget() {
        inForce = null;
        byCreator = null;
    }
}
