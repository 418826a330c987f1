package io.fanscore.rules.packages;

/** A package definition or salt that cannot be used; the message names the package and key. */
public final class PackageException extends RuntimeException {
    public PackageException(String message) {
        super(message);
    }
}
