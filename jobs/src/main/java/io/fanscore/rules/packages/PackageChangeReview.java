package io.fanscore.rules.packages;

import io.fanscore.packageformat.PackageId;
import io.fanscore.schema.PackageAction;
import io.fanscore.schema.PackageControl;

import java.io.Serializable;
import java.util.Optional;

/**
 * Decides, once for the whole job, whether a runtime package change applies: the checks of the
 * definitions file ({@link PackageCatalog#check}) and then {@link PackageControlPolicy}, against
 * the package's definition in force. Plain Java; the job keeps, per package, the last change it
 * accepted.
 */
public final class PackageChangeReview implements Serializable {

    /**
     * What was decided.
     *
     * @param refusal why the change does not apply; null when it does
     * @param before the package's definition in force before the change; null for none
     */
    public record Verdict(String refusal, PackageDefinition before) {

        public boolean accepted() {
            return refusal == null;
        }
    }

    private final PackageCatalog catalog;

    public PackageChangeReview(PackageCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param lastAccepted the last runtime change of the same package accepted before; null for
     *     none
     */
    public Verdict review(PackageControl change, PackageControl lastAccepted) {
        if (!PackageId.isValid(change.getPackageId())) {
            return new Verdict("bad package_id", null);
        }
        PackageDefinition before = inForce(change.getPackageId(), lastAccepted);
        if (change.getAction() == PackageAction.UPSERT) {
            try {
                catalog.check(PackageControls.definitionOf(change));
            } catch (PackageException | IllegalArgumentException e) {
                return new Verdict(e.getMessage(), before);
            }
        }
        Optional<String> refusal = PackageControlPolicy.refusal(change, before, lastAccepted);
        return new Verdict(refusal.orElse(null), before);
    }

    /** The package's definition in force: its last accepted change's, else the file's. */
    private PackageDefinition inForce(String packageId, PackageControl lastAccepted) {
        if (lastAccepted == null) {
            return catalog.find(packageId).orElse(null);
        }
        if (lastAccepted.getAction() == PackageAction.REMOVE) {
            return null;
        }
        try {
            PackageDefinition definition = PackageControls.definitionOf(lastAccepted);
            catalog.check(definition);
            return definition;
        } catch (PackageException | IllegalArgumentException e) {
            // Accepted before a restart without its salt: not in force (PackageControls.effective).
            return null;
        }
    }
}
