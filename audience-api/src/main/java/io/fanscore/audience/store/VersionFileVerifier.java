package io.fanscore.audience.store;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.FormatException;
import io.fanscore.packageformat.IdFileCheck;
import io.fanscore.packageformat.StoredObject;
import io.fanscore.packageformat.VersionManifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a version file once against its manifest ({@link IdFileCheck}) before it is served, and
 * remembers the revision that passed. Published files never change, so a file is read in full once
 * per server, not once per pull; concurrent first pulls wait for one check. Serving opens the file
 * at that revision only ({@link VerifiedFile#open()}): a file replaced in the store is refused and
 * forgotten, so the next request checks it again.
 */
final class VersionFileVerifier {

    /** Verdicts kept; beyond that the memory is dropped and files are checked again. */
    private static final int MAX_REMEMBERED = 4096;

    private final ConcurrentHashMap<Key, CompletableFuture<String>> verdicts =
            new ConcurrentHashMap<>();

    /** {@code object}, once it has passed its check. */
    VerifiedFile verified(VersionManifest manifest, StoredObject object, FileRole role)
            throws CorruptVersionException {
        Key key = new Key(object.location(), manifest.file(role).sha256());
        if (verdicts.size() > MAX_REMEMBERED) {
            verdicts.clear();
        }
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> verdict = verdicts.putIfAbsent(key, mine);
        if (verdict == null) {
            verdict = mine;
            check(manifest, object, role, mine);
            if (mine.isCompletedExceptionally()) {
                // A damaged or missing file may be repaired: ask again next time.
                verdicts.remove(key, mine);
            }
        }
        String revision;
        try {
            revision = verdict.join();
        } catch (CompletionException e) {
            throw (CorruptVersionException) e.getCause();
        }
        return new VerifiedFile(manifest, role, object, revision, () -> verdicts.remove(key, mine));
    }

    private static void check(
            VersionManifest manifest,
            StoredObject object,
            FileRole role,
            CompletableFuture<String> verdict) {
        String name = manifest.file(role).name();
        StoredObject.Opened opened;
        try {
            opened = object.open();
        } catch (NoSuchFileException e) {
            verdict.completeExceptionally(corrupt(manifest, name + " is missing", null));
            return;
        } catch (IOException e) {
            verdict.completeExceptionally(corrupt(manifest, name + " cannot be read", e));
            return;
        }
        try (InputStream in = opened.bytes()) {
            IdFileCheck.verify(in, manifest, role);
            verdict.complete(opened.revision());
        } catch (FormatException e) {
            // Logged by whoever answers the request.
            verdict.completeExceptionally(corrupt(manifest, e.getMessage(), e.getCause()));
        } catch (IOException e) {
            verdict.completeExceptionally(corrupt(manifest, name + " cannot be read", e));
        }
    }

    static CorruptVersionException corrupt(
            VersionManifest manifest, String detail, Throwable cause) {
        return new CorruptVersionException(manifest.packageId(), manifest.version(), detail, cause);
    }

    private record Key(String location, String sha256) {}
}
