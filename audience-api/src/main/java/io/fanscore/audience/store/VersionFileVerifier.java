package io.fanscore.audience.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Checks a version file once against its manifest (size, SHA-256, complete gzip, sorted lines,
 * counts) before it is served, and remembers the verdict. Published files never change, so a file
 * is read in full once per server, not once per pull; concurrent first pulls wait for one check. A
 * file replaced on disk has another size or modification time and is checked again.
 */
final class VersionFileVerifier {

    /** Verdicts kept; beyond that the memory is dropped and files are checked again. */
    private static final int MAX_REMEMBERED = 4096;

    private final ConcurrentHashMap<Key, CompletableFuture<Void>> verdicts =
            new ConcurrentHashMap<>();

    /** The file's path, once it has passed its check. */
    Path verified(PackageManifest manifest, Path versionDir, FileRole role)
            throws CorruptVersionException {
        StoredFile expected = role.of(manifest);
        Path file = versionDir.resolve(expected.name());
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw corrupt(manifest, expected.name() + " is missing", null);
        } catch (IOException e) {
            throw corrupt(manifest, expected.name() + " cannot be read", e);
        }
        Key key =
                new Key(
                        file,
                        attributes.size(),
                        attributes.lastModifiedTime().toMillis(),
                        expected.sha256());
        if (verdicts.size() > MAX_REMEMBERED) {
            verdicts.clear();
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> verdict = verdicts.putIfAbsent(key, mine);
        if (verdict == null) {
            verdict = mine;
            try {
                check(manifest, file, role, expected, attributes.size());
                mine.complete(null);
            } catch (CorruptVersionException e) {
                // Logged by whoever answers the request.
                mine.completeExceptionally(e);
            }
        }
        try {
            verdict.join();
        } catch (CompletionException e) {
            throw (CorruptVersionException) e.getCause();
        }
        return file;
    }

    private static void check(
            PackageManifest manifest, Path file, FileRole role, StoredFile expected, long size)
            throws CorruptVersionException {
        String name = expected.name();
        if (size != expected.bytes()) {
            throw corrupt(
                    manifest,
                    name + " has " + size + " bytes, the manifest says " + expected.bytes(),
                    null);
        }
        MessageDigest sha256 = sha256();
        Exception linesProblem = null;
        LineCounts counts = null;
        try (InputStream raw = Files.newInputStream(file);
                DigestInputStream digesting =
                        new DigestInputStream(new BufferedInputStream(raw, 64 * 1024), sha256)) {
            try (IdLineReader lines =
                    new IdLineReader(new GZIPInputStream(new NonClosing(digesting), 64 * 1024))) {
                counts = countSorted(lines, role, manifest, name);
            } catch (IOException | CorruptVersionException e) {
                // Reported after the checksum, which names the cause when the bytes changed.
                linesProblem = e;
            }
            // Whatever the lines did not consume is part of the file and of its checksum.
            digesting.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw corrupt(manifest, name + " cannot be read: " + e.getMessage(), e);
        }
        if (!HexFormat.of().formatHex(sha256.digest()).equals(expected.sha256())) {
            throw corrupt(manifest, name + " does not match the sha256 in its manifest", null);
        }
        if (linesProblem instanceof CorruptVersionException e) {
            throw e;
        }
        if (linesProblem != null) {
            throw corrupt(
                    manifest,
                    name + " is not complete gzip of id lines: " + linesProblem.getMessage(),
                    linesProblem);
        }
        counts.checkAgainst(manifest, role, name);
    }

    private static LineCounts countSorted(
            IdLineReader lines, FileRole role, PackageManifest manifest, String name)
            throws IOException, CorruptVersionException {
        long added = 0;
        long removed = 0;
        byte[] previousId = null;
        for (byte[] line = lines.next(); line != null; line = lines.next()) {
            byte[] id = line;
            if (role == FileRole.CHANGES) {
                if (line.length < 2 || (line[0] != '+' && line[0] != '-')) {
                    throw corrupt(manifest, name + " has a line that is not +id or -id", null);
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
                throw corrupt(manifest, name + " is not strictly sorted by id", null);
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

    private static CorruptVersionException corrupt(
            PackageManifest manifest, String detail, Throwable cause) {
        return new CorruptVersionException(manifest.packageId(), manifest.version(), detail, cause);
    }

    /** Lines of a members file (all counted as added) or of a changes file. */
    private record LineCounts(long added, long removed) {
        void checkAgainst(PackageManifest manifest, FileRole role, String name)
                throws CorruptVersionException {
            boolean matches =
                    role == FileRole.MEMBERS
                            ? added == manifest.memberCount()
                            : added == manifest.addedCount() && removed == manifest.removedCount();
            if (!matches) {
                throw corrupt(manifest, name + " has other line counts than the manifest", null);
            }
        }
    }

    private record Key(Path file, long size, long modifiedMillis, String sha256) {}

    /** Lets the gzip reader finish without closing the stream the checksum still reads. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
