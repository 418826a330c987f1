package io.fanscore.packageformat;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Checks one stored id file against its manifest: size, SHA-256, complete gzip, newline-terminated
 * lines strictly sorted by id, and the counts. Reads the file once; memory does not grow with it.
 */
public final class IdFileCheck {

    private static final int BUFFER_BYTES = 1 << 16;

    private IdFileCheck() {}

    /** Throws, naming the file and the first thing wrong with it, unless it is exactly right. */
    public static void verify(InputStream stored, VersionManifest manifest, FileRole role)
            throws FormatException {
        StoredFile expected = manifest.file(role);
        String name = expected.name();
        MessageDigest sha256 = sha256();
        Exception linesProblem = null;
        LineCounts counts = null;
        long size;
        try (CountingInputStream raw = new CountingInputStream(stored);
                DigestInputStream digesting =
                        new DigestInputStream(new BufferedInputStream(raw, BUFFER_BYTES), sha256)) {
            try (IdLineReader lines =
                    new IdLineReader(
                            new GZIPInputStream(new NonClosing(digesting), BUFFER_BYTES))) {
                counts = countSorted(lines, role, name);
            } catch (IOException | FormatException e) {
                // Reported after size and checksum, which name the cause when the bytes changed.
                linesProblem = e;
            }
            // Whatever the lines did not consume is part of the file and of its checksum.
            digesting.transferTo(OutputStream.nullOutputStream());
            size = raw.count();
        } catch (IOException e) {
            throw new FormatException(name + " cannot be read: " + e.getMessage(), e);
        }
        if (size != expected.bytes()) {
            throw new FormatException(
                    name + " has " + size + " bytes, the manifest says " + expected.bytes());
        }
        if (!HexFormat.of().formatHex(sha256.digest()).equals(expected.sha256())) {
            throw new FormatException(name + " does not match the sha256 in its manifest");
        }
        if (linesProblem instanceof FormatException e) {
            throw e;
        }
        if (linesProblem != null) {
            throw new FormatException(
                    name + " is not complete gzip of id lines: " + linesProblem.getMessage(),
                    linesProblem);
        }
        counts.checkAgainst(manifest, role, name);
    }

    private static LineCounts countSorted(IdLineReader lines, FileRole role, String name)
            throws IOException, FormatException {
        long added = 0;
        long removed = 0;
        byte[] previousId = null;
        for (byte[] line = lines.next(); line != null; line = lines.next()) {
            byte[] id = line;
            if (role == FileRole.CHANGES) {
                if (line.length < 2 || (line[0] != '+' && line[0] != '-')) {
                    throw new FormatException(name + " has a line that is not +id or -id");
                }
                if (line[0] == '+') {
                    added++;
                } else {
                    removed++;
                }
                id = Arrays.copyOfRange(line, 1, line.length);
            } else {
                added++;
            }
            if (previousId != null && Arrays.compareUnsigned(previousId, id) >= 0) {
                throw new FormatException(name + " is not strictly sorted by id");
            }
            previousId = id;
        }
        return new LineCounts(added, removed);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Lines of a members file (all counted as added) or of a changes file. */
    private record LineCounts(long added, long removed) {
        void checkAgainst(VersionManifest manifest, FileRole role, String name)
                throws FormatException {
            boolean matches =
                    role == FileRole.MEMBERS
                            ? added == manifest.memberCount()
                            : added == manifest.addedCount() && removed == manifest.removedCount();
            if (!matches) {
                throw new FormatException(name + " has other line counts than the manifest");
            }
        }
    }

    /** Lets the gzip reader finish without closing the stream the checksum still reads. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
