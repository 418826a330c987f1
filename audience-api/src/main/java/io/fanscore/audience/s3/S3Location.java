package io.fanscore.audience.s3;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * {@code s3://bucket/prefix}: the bucket, and the key prefix the package tree's relative paths go
 * under (empty for the bucket's root). The same URI the job writes to as {@code packages.path}.
 */
public record S3Location(String bucket, String prefix) {

    public static final String SCHEME = "s3";

    /** S3's bucket naming rules, in short: 3 to 63 lowercase letters, digits, dots and dashes. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3Location {
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name");
        }
        if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
            throw new IllegalArgumentException("the key prefix '" + prefix + "' is not clean");
        }
    }

    public static boolean isS3(String location) {
        return location.startsWith(SCHEME + "://");
    }

    /** {@code s3://bucket[/prefix][/]}. */
    public static S3Location parse(String location) {
        URI uri = URI.create(location);
        if (!SCHEME.equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + location + "' is not s3://bucket[/prefix]");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new S3Location(uri.getHost(), path);
    }

    /** The key of a path relative to the tree's root. */
    String key(String relativePath) {
        return prefix.isEmpty() ? relativePath : prefix + "/" + relativePath;
    }

    /** The prefix of every key of the tree: empty, or the prefix and a slash. */
    String keyPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    @Override
    public String toString() {
        return SCHEME + "://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
