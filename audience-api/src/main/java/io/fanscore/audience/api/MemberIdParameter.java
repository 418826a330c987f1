package io.fanscore.audience.api;

import io.fanscore.packageformat.IdFormat;

import java.util.regex.Pattern;

/**
 * A member id in a path, held to what a line of a members file can be: lowercase hex of the
 * package's hash (64 characters for sha256, 32 for md5), or a raw fan id of 1-256 characters
 * without control characters (a line cannot hold its own newline).
 */
final class MemberIdParameter {

    static final int MAX_LENGTH = 256;

    private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");

    private MemberIdParameter() {}

    /** Rejects what is no package's member id, before anything is read for it. */
    static String check(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw ApiException.badRequest(
                    "a member id is 1-" + MAX_LENGTH + " characters without control characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("a member id has no control characters");
        }
        return value;
    }

    /** Rejects an id that cannot be one of a package whose ids are all of {@code format}. */
    static void requireShapeOf(IdFormat format, String id) {
        int hexLength =
                switch (format) {
                    case SHA256 -> 64;
                    case MD5 -> 32;
                    case RAW -> 0;
                };
        if (hexLength > 0 && (id.length() != hexLength || !LOWER_HEX.matcher(id).matches())) {
            throw ApiException.badRequest(
                    "the member ids of this package are "
                            + hexLength
                            + " lowercase hex characters ("
                            + format.formatName()
                            + ")");
        }
    }
}
