package io.fanscore.audience.api;

import io.fanscore.packageformat.PackageId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * Bearer tokens for ad systems: 256 random bits, URL-safe. The configuration keeps only the SHA-256
 * of a token, so a leaked config file does not leak access.
 */
public final class AccessToken {

    /** Makes tokens recognisable in logs and secret scanners without revealing anything. */
    private static final String PREFIX = "fsa_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private AccessToken() {}

    public static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** The {@code tokens:} entry of the configuration file for a token. */
    public static String configEntry(String name, String token, Collection<PackageId> packages) {
        String list = packages.stream().map(PackageId::value).collect(Collectors.joining(", "));
        return "  - name: "
                + name
                + "\n    sha256: "
                + sha256Hex(token)
                + "\n    packages: ["
                + list
                + "]\n    raw_id_packages: []\n";
    }
}
