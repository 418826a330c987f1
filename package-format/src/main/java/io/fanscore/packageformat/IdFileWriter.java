package io.fanscore.packageformat;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * Writes one id file of a version: gzip of UTF-8 lines, one id (members) or {@code +id}/{@code -id}
 * (changes) per line, ids strictly ascending by their bytes. Counts and hashes the stored bytes as
 * they go, for the manifest. The stream is the caller's, so that local files and Flink's file
 * systems are written alike.
 */
public final class IdFileWriter implements AutoCloseable {

    /** Orders ids as the files do: by their UTF-8 bytes, unsigned. */
    public static final Comparator<String> ID_ORDER = IdFileWriter::compare;

    /** An id arrived out of order; the caller sorts and writes again. */
    public static final class OutOfOrderException extends IOException {
        OutOfOrderException() {
            super("ids out of order");
        }
    }

    private static final int BUFFER_BYTES = 1 << 16;

    private final String name;
    private final CountingStream counted;
    private final MessageDigest sha256;
    private final OutputStream gzip;
    private byte[] lastId;

    /** A file named {@code name} in its version directory, written to {@code out}. */
    public IdFileWriter(String name, OutputStream out) throws IOException {
        this.name = name;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        counted = new CountingStream(out);
        gzip =
                new BufferedOutputStream(
                        new FastGzip(new DigestOutputStream(counted, sha256), BUFFER_BYTES),
                        BUFFER_BYTES);
    }

    /** A members line. */
    public void member(String id) throws IOException {
        write(null, id);
    }

    /** A changes line: {@code +id} if the id joined, {@code -id} if it left. */
    public void change(boolean joined, String id) throws IOException {
        write(joined ? '+' : '-', id);
    }

    private void write(Character sign, String id) throws IOException {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        if (lastId != null && Arrays.compareUnsigned(lastId, bytes) >= 0) {
            throw new OutOfOrderException();
        }
        lastId = bytes;
        if (sign != null) {
            gzip.write(sign);
        }
        gzip.write(bytes);
        gzip.write('\n');
    }

    /** Ends the gzip stream and closes the output; what the manifest says of the file. */
    public StoredFile finish() throws IOException {
        gzip.close();
        return new StoredFile(name, counted.count, HexFormat.of().formatHex(sha256.digest()));
    }

    @Override
    public void close() throws IOException {
        gzip.close();
    }

    private static int compare(String a, String b) {
        return Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
