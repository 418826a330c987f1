package io.fanscore.audience.store;

import java.util.Arrays;
import java.util.Optional;

/** How the member ids of a package are written (docs/audience-package-files.md). */
public enum IdFormat {
    /** lowercase hex(sha256(salt + fan_id)). */
    SHA256("sha256"),
    /** lowercase hex(md5(salt + fan_id)). */
    MD5("md5"),
    /** The fan id itself: served only to tokens explicitly allowed raw ids for the package. */
    RAW("raw");

    private final String manifestName;

    IdFormat(String manifestName) {
        this.manifestName = manifestName;
    }

    public String manifestName() {
        return manifestName;
    }

    public static Optional<IdFormat> fromManifestName(String name) {
        return Arrays.stream(values()).filter(f -> f.manifestName.equals(name)).findFirst();
    }
}
