package io.fanscore.packageformat;

import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Where things live in a package tree (docs/audience-package-files.md), as paths relative to the
 * tree's root with {@code /} separators, so that local directories and Flink's file systems resolve
 * them alike:
 *
 * <pre>
 * &lt;package_id&gt;/versions/&lt;v&gt;/manifest.json      the version exists once this does
 * &lt;package_id&gt;/versions/&lt;v&gt;/members.txt.gz
 * &lt;package_id&gt;/versions/&lt;v&gt;/changes.txt.gz
 * .staging/&lt;package_id&gt;/&lt;v&gt;/                  the writer's, never read
 * </pre>
 */
public final class PackageLayout {

    public static final String VERSIONS = "versions";
    public static final String MANIFEST = "manifest.json";
    public static final String STAGING = ".staging";

    /** A manifest being written beside its final name; readers never look at it. */
    public static final String PARTIAL_MANIFEST = "." + MANIFEST + ".partial";

    /** A manifest is a few hundred bytes; anything this large is not one. */
    public static final int MAX_MANIFEST_BYTES = 1024 * 1024;

    /** A version directory: decimal, no padding, at most {@link Integer#MAX_VALUE}. */
    private static final Pattern VERSION_NAME = Pattern.compile("[1-9][0-9]{0,9}");

    private PackageLayout() {}

    /** {@code <package_id>/versions}. */
    public static String versionsOf(PackageId packageId) {
        return packageId.value() + "/" + VERSIONS;
    }

    /** {@code <package_id>/versions/<v>}. */
    public static String versionOf(PackageId packageId, int version) {
        return versionsOf(packageId) + "/" + version;
    }

    /**
     * {@code .staging/<package_id>/<v>}: depends only on package and version, so a retry rewrites
     * it.
     */
    public static String stagingOf(PackageId packageId, int version) {
        return STAGING + "/" + packageId.value() + "/" + version;
    }

    /** The version a directory under {@code versions/} names, if it names one. */
    public static OptionalInt versionNamed(String directoryName) {
        if (!VERSION_NAME.matcher(directoryName).matches()) {
            return OptionalInt.empty();
        }
        long version = Long.parseLong(directoryName);
        return version > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) version);
    }
}
