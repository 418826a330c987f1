package io.fanscore.packageformat;

import java.util.regex.Pattern;

/**
 * The id of an audience package. A valid id is always one safe path segment of the tree: it cannot
 * be {@code ..}, contain a separator, or start with the dot of the {@code .staging} area.
 */
public record PackageId(String value) implements Comparable<PackageId> {

    /** What a package id may look like, for definitions and for requests alike. */
    public static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public PackageId {
        if (!isValid(value)) {
            throw new IllegalArgumentException(
                    "a package id must match " + SAFE_SEGMENT.pattern() + ", got '" + value + "'");
        }
    }

    public static boolean isValid(String value) {
        return value != null && SAFE_SEGMENT.matcher(value).matches();
    }

    @Override
    public int compareTo(PackageId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
