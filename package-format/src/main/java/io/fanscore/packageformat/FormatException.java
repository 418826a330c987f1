package io.fanscore.packageformat;

/**
 * A version's manifest or file breaks the format: bad JSON, a field missing, a size or checksum
 * other than the manifest's, truncated gzip, unsorted lines. The message names the file and what is
 * wrong with it; callers add the package and version.
 */
public final class FormatException extends Exception {

    public FormatException(String detail) {
        super(detail);
    }

    public FormatException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
