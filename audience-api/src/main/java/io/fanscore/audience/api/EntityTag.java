package io.fanscore.audience.api;

/**
 * Strong entity tags and {@code If-None-Match} (RFC 9110 §13.1.2, which compares weakly). A
 * version's files never change, so a tag derived from a file's SHA-256 is valid forever.
 */
final class EntityTag {

    private EntityTag() {}

    static String strong(String opaque) {
        return '"' + opaque + '"';
    }

    static boolean noneMatchFails(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.equals("*")) {
                return true;
            }
            if (trimmed.startsWith("W/")) {
                trimmed = trimmed.substring(2);
            }
            if (trimmed.equals(tag)) {
                return true;
            }
        }
        return false;
    }
}
