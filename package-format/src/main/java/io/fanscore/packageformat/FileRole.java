package io.fanscore.packageformat;

/** The two id files of a version, their names, and what their lines must satisfy. */
public enum FileRole {
    /** One id per line, strictly ascending by bytes; as many lines as member_count. */
    MEMBERS("members", "members.txt.gz"),
    /** {@code +id} or {@code -id}, strictly ascending by id; added_count and removed_count. */
    CHANGES("changes", "changes.txt.gz");

    private final String manifestKey;
    private final String fileName;

    FileRole(String manifestKey, String fileName) {
        this.manifestKey = manifestKey;
        this.fileName = fileName;
    }

    /** The key under {@code files} in the manifest. */
    public String manifestKey() {
        return manifestKey;
    }

    /** The name the writer gives the file. */
    public String fileName() {
        return fileName;
    }
}
