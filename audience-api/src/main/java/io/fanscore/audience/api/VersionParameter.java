package io.fanscore.audience.api;

import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Version numbers in paths and query parameters: decimal, no sign, no padding, int range. */
final class VersionParameter {

    static final String LATEST = "latest";

    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,9}");

    private VersionParameter() {}

    /** A path's {v}: a version from 1, or empty for {@code latest}. */
    static OptionalInt pathVersion(String value) {
        if (LATEST.equals(value)) {
            return OptionalInt.empty();
        }
        int version = parse("version", value);
        if (version < 1) {
            throw ApiException.badRequest("versions start at 1");
        }
        return OptionalInt.of(version);
    }

    /** A query parameter's version; 0 is the empty snapshot before the first version. */
    static int parse(String name, String value) {
        if (value == null || !DECIMAL.matcher(value).matches()) {
            throw ApiException.badRequest(name + " must be a decimal version number");
        }
        long version = Long.parseLong(value);
        if (version > Integer.MAX_VALUE) {
            throw ApiException.badRequest(name + " is out of range");
        }
        return (int) version;
    }
}
