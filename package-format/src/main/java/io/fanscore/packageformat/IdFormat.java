package io.fanscore.packageformat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * How a fan appears in a package (SPEC §8): lowercase hex of a salted hash, the way ad platforms
 * take customer lists, or the raw fan id where a deployment explicitly allows it.
 */
public enum IdFormat {
    /** lowercase hex(sha256(salt + fan_id)). */
    SHA256("SHA-256"),
    /** lowercase hex(md5(salt + fan_id)). */
    MD5("MD5"),
    /** The fan id itself: served only to tokens explicitly allowed raw ids for the package. */
    RAW(null);

    private final String algorithm;

    IdFormat(String algorithm) {
        this.algorithm = algorithm;
    }

    /** The member id of {@code fanId}: hex(hash(salt + fan_id)), or fan_id itself for RAW. */
    public String memberId(String salt, String fanId) {
        if (algorithm == null) {
            return fanId;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            digest.update(salt.getBytes(StandardCharsets.UTF_8));
            digest.update(fanId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }

    /** The name in package definitions and manifests: sha256, md5, raw. */
    public String formatName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<IdFormat> named(String name) {
        return Arrays.stream(values()).filter(f -> f.formatName().equals(name)).findFirst();
    }
}
