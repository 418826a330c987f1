package io.fanscore.audience.store;

/** The two files of a version and what their lines must satisfy. */
public enum FileRole {
    /** One id per line, strictly ascending by bytes; as many lines as member_count. */
    MEMBERS,
    /** {@code +id} or {@code -id}, strictly ascending by id; added_count and removed_count. */
    CHANGES;

    StoredFile of(PackageManifest manifest) {
        return this == MEMBERS ? manifest.members() : manifest.changes();
    }
}
