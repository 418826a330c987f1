package io.fanscore.audience.store;

import io.fanscore.packageformat.IdLineReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The members of one version as a sorted array of 64-bit fingerprints, so that "is this id a
 * member" is a binary search instead of a read of the file. A fingerprint is the first 8 bytes of
 * the SHA-256 of the id's UTF-8 bytes.
 *
 * <ul>
 *   <li>Built in one pass over the members file; memory is 8 bytes per member (8 MB for a million).
 *   <li>Only the exact id is answered: fingerprints keep neither the ids nor their order, so there
 *       is nothing to list and no prefix to match.
 *   <li>A member is always found. A non-member is taken for one only if its fingerprint equals one
 *       of the n members', with probability at most n / 2^64 (about 5e-14 for a million members).
 * </ul>
 */
public final class MemberIndex {

    private static final int BUFFER_BYTES = 64 * 1024;

    /** The largest array the JVM reliably allocates. */
    private static final int MAX_IDS = Integer.MAX_VALUE - 8;

    private final long[] fingerprints;

    private MemberIndex(long[] fingerprints) {
        this.fingerprints = fingerprints;
    }

    /** The index of a members file (gzip, one id per line); pass only a verified file. */
    public static MemberIndex build(Path membersGz) throws IOException {
        return build(Files.newInputStream(membersGz), 0);
    }

    /** As {@link #build(InputStream, long)}, from a local file. */
    public static MemberIndex build(Path membersGz, long expectedIds) throws IOException {
        return build(Files.newInputStream(membersGz), expectedIds);
    }

    /**
     * The index of the members file read from {@code membersGz} (closed at the end), sized up front
     * for {@code expectedIds} (the manifest's member_count) so that the array is neither grown nor
     * trimmed when the count is right.
     */
    public static MemberIndex build(InputStream membersGz, long expectedIds) throws IOException {
        MessageDigest sha256 = sha256();
        long[] values = new long[(int) Math.min(Math.max(expectedIds, 0), MAX_IDS)];
        int count = 0;
        try (InputStream file = membersGz;
                IdLineReader lines = new IdLineReader(new GZIPInputStream(file, BUFFER_BYTES))) {
            for (byte[] id = lines.next(); id != null; id = lines.next()) {
                if (count == values.length) {
                    values = Arrays.copyOf(values, grown(count));
                }
                values[count++] = fingerprint(sha256, id);
            }
        }
        if (count < values.length) {
            values = Arrays.copyOf(values, count);
        }
        Arrays.sort(values);
        return new MemberIndex(values);
    }

    /** Whether exactly this id is a member (up to the false-positive bound above). */
    public boolean contains(String id) {
        long wanted = fingerprint(sha256(), id.getBytes(StandardCharsets.UTF_8));
        return Arrays.binarySearch(fingerprints, wanted) >= 0;
    }

    /** The members indexed. */
    public int size() {
        return fingerprints.length;
    }

    /** The first 8 bytes of SHA-256(id), big-endian. */
    static long fingerprint(byte[] id) {
        return fingerprint(sha256(), id);
    }

    private static long fingerprint(MessageDigest sha256, byte[] id) {
        byte[] hash = sha256.digest(id);
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (hash[i] & 0xFF);
        }
        return value;
    }

    private static int grown(int count) throws IOException {
        if (count >= MAX_IDS) {
            throw new IOException("more than " + MAX_IDS + " ids");
        }
        return (int) Math.min(Math.max(16, count + (long) (count >> 1)), MAX_IDS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
