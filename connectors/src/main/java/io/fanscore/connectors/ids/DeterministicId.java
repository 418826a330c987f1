package io.fanscore.connectors.ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids that are a pure function of what they identify, so that replays and at-least-once
 * redeliveries produce the same id: the first 128 bits of SHA-256 over the length-prefixed parts,
 * as 32 hex digits. Not thread-safe; one per task.
 */
public final class DeterministicId {

    private final MessageDigest sha256;

    public DeterministicId() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public String of(String... parts) {
        sha256.reset();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            // Length-prefixed, so that ("ab","c") and ("a","bc") differ.
            sha256.update((byte) (bytes.length >>> 24));
            sha256.update((byte) (bytes.length >>> 16));
            sha256.update((byte) (bytes.length >>> 8));
            sha256.update((byte) bytes.length);
            sha256.update(bytes);
        }
        return HexFormat.of().formatHex(sha256.digest(), 0, 16);
    }
}
