package io.fanscore.audience.store;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.FormatException;
import io.fanscore.packageformat.IdFileCheck;
import io.fanscore.packageformat.VersionManifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a version file once against its manifest ({@link IdFileCheck}) before it is served, and
 * remembers the verdict. Published files never change, so a file is read in full once per server,
 * not once per pull; concurrent first pulls wait for one check. A file replaced on disk has another
 * size or modification time and is checked again.
 */
final class VersionFileVerifier {

    /** Verdicts kept; beyond that the memory is dropped and files are checked again. */
    private static final int MAX_REMEMBERED = 4096;

    private final ConcurrentHashMap<Key, CompletableFuture<Void>> verdicts =
            new ConcurrentHashMap<>();

    /** {@code file}, once it has passed its check. */
    Path verified(VersionManifest manifest, Path file, FileRole role)
            throws CorruptVersionException {
        String name = manifest.file(role).name();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw corrupt(manifest, name + " is missing", null);
        } catch (IOException e) {
            throw corrupt(manifest, name + " cannot be read", e);
        }
        Key key =
                new Key(
                        file,
                        attributes.size(),
                        attributes.lastModifiedTime().toMillis(),
                        manifest.file(role).sha256());
        if (verdicts.size() > MAX_REMEMBERED) {
            verdicts.clear();
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> verdict = verdicts.putIfAbsent(key, mine);
        if (verdict == null) {
            verdict = mine;
            try (InputStream in = Files.newInputStream(file)) {
                IdFileCheck.verify(in, manifest, role);
                mine.complete(null);
            } catch (FormatException e) {
                // Logged by whoever answers the request.
                mine.completeExceptionally(corrupt(manifest, e.getMessage(), e.getCause()));
            } catch (IOException e) {
                mine.completeExceptionally(corrupt(manifest, name + " cannot be read", e));
            }
        }
        try {
            verdict.join();
        } catch (CompletionException e) {
            throw (CorruptVersionException) e.getCause();
        }
        return file;
    }

    private static CorruptVersionException corrupt(
            VersionManifest manifest, String detail, Throwable cause) {
        return new CorruptVersionException(manifest.packageId(), manifest.version(), detail, cause);
    }

    private record Key(Path file, long size, long modifiedMillis, String sha256) {}
}
