package io.fanscore.rules.packages;

import io.fanscore.schema.PackageAction;
import io.fanscore.schema.PackageControl;

import java.util.Objects;
import java.util.Optional;

/**
 * Which runtime package controls (changes on the control topic) may apply, decided the same way by
 * every operator that keeps the packages. A removed package id is retired: reusing it would restart
 * its version numbers under ad systems that already hold the old ones. An UPSERT may change who
 * belongs, but not the creator or how members are identified (id format, salt): the ids already
 * published could not be taken back. Such changes need a new package id.
 */
public final class PackageControlPolicy {

    private PackageControlPolicy() {}

    /**
     * @param current the package's definition in force, null for none
     * @param earlier the last runtime change of the package accepted before, null for none
     */
    public static boolean acceptable(
            PackageControl change, PackageDefinition current, PackageControl earlier) {
        return refusal(change, current, earlier).isEmpty();
    }

    /**
     * Why {@code change} may not apply, or empty if it may.
     *
     * @param current the package's definition in force, null for none
     * @param earlier the last runtime change of the package accepted before, null for none
     */
    public static Optional<String> refusal(
            PackageControl change, PackageDefinition current, PackageControl earlier) {
        if (change.getAction() != PackageAction.UPSERT) {
            return Optional.empty();
        }
        if (earlier != null && earlier.getAction() == PackageAction.REMOVE) {
            return Optional.of(
                    "package " + change.getPackageId() + " was removed; its id is retired");
        }
        if (current != null) {
            PackageDefinition next = PackageControls.definitionOf(change);
            if (!next.creatorId().equals(current.creatorId())
                    || next.idFormat() != current.idFormat()
                    || !Objects.equals(next.saltRef(), current.saltRef())) {
                return Optional.of(
                        "package "
                                + change.getPackageId()
                                + ": creator, id_format and salt_ref cannot change; use a new"
                                + " package id");
            }
        }
        return Optional.empty();
    }
}
