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
        // One update of one buffer: a million-fan live start hashes a million ids, and the digest's
        // per-call overhead was most of the cost of an update per length byte.
        byte[][] encoded = new byte[parts.length][];
        int length = 0;
        for (int i = 0; i < parts.length; i++) {
            encoded[i] = parts[i].getBytes(StandardCharsets.UTF_8);
            length += 4 + encoded[i].length;
        }
        byte[] input = new byte[length];
        int at = 0;
        for (byte[] bytes : encoded) {
            // Length-prefixed (big-endian), so that ("ab","c") and ("a","bc") differ.
            input[at++] = (byte) (bytes.length >>> 24);
            input[at++] = (byte) (bytes.length >>> 16);
            input[at++] = (byte) (bytes.length >>> 8);
            input[at++] = (byte) bytes.length;
            System.arraycopy(bytes, 0, input, at, bytes.length);
            at += bytes.length;
        }
        sha256.reset();
        sha256.update(input);
        return HexFormat.of().formatHex(sha256.digest(), 0, 16);
    }
}
