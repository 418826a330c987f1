package io.fanscore.audience.store;

import java.util.regex.Pattern;

/**
 * The id of an audience package. The rule is the one the job applies to package definitions, so a
 * valid id is always a single safe path segment: it cannot be {@code ..}, contain a separator or
 * start with the dot of the job's {@code .staging} area.
 */
public record PackageId(String value) implements Comparable<PackageId> {

    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

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
