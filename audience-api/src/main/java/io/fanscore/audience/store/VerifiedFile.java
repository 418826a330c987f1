package io.fanscore.audience.store;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.StoredObject;
import io.fanscore.packageformat.VersionManifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;

/** A version file that passed its check, and the revision it passed at. */
public final class VerifiedFile {

    private final VersionManifest manifest;
    private final FileRole role;
    private final StoredObject object;
    private final String revision;
    private final Runnable forget;

    VerifiedFile(
            VersionManifest manifest,
            FileRole role,
            StoredObject object,
            String revision,
            Runnable forget) {
        this.manifest = manifest;
        this.role = role;
        this.object = object;
        this.revision = revision;
        this.forget = forget;
    }

    /** The stored (compressed) size, from the manifest the file matched. */
    public long storedBytes() {
        return manifest.file(role).bytes();
    }

    /**
     * The checked bytes. Open before the response starts: a file gone or replaced since its check
     * is then an error answer, not a broken body.
     */
    public InputStream open() throws CorruptVersionException {
        String name = manifest.file(role).name();
        try {
            return object.openAt(revision);
        } catch (StoredObject.ChangedException e) {
            forget.run();
            throw VersionFileVerifier.corrupt(manifest, name + " changed since it was checked", e);
        } catch (NoSuchFileException e) {
            forget.run();
            throw VersionFileVerifier.corrupt(manifest, name + " is missing", null);
        } catch (IOException e) {
            throw VersionFileVerifier.corrupt(manifest, name + " cannot be read", e);
        }
    }
}
