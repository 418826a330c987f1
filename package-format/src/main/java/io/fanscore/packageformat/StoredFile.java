package io.fanscore.packageformat;

import java.util.regex.Pattern;

/** A file of a version as its manifest describes it: name, size and SHA-256 of the stored bytes. */
public record StoredFile(String name, long bytes, String sha256) {

    /** A plain file name inside the version directory: no separators, not hidden. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final Pattern LOWER_HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    static boolean isPlainName(String name) {
        return name != null && PLAIN_NAME.matcher(name).matches();
    }

    static boolean isSha256Hex(String hex) {
        return hex != null && LOWER_HEX_SHA256.matcher(hex).matches();
    }
}
