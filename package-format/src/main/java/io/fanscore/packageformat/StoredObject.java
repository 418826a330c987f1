package io.fanscore.packageformat;

import java.io.IOException;
import java.io.InputStream;

/**
 * One stored file of a version. A reader checks the bytes once, notes the revision they were at,
 * and later opens them only at that revision, so what it serves is what it checked even if the
 * store's object is replaced in between.
 */
public interface StoredObject {

    /** Where it is, for messages and as the key of what was checked. */
    String location();

    /** The bytes as they are now, and the revision they are at. */
    Opened open() throws IOException;

    /**
     * The bytes, if they are still at {@code revision}.
     *
     * @throws ChangedException if the object is another one now
     * @throws java.nio.file.NoSuchFileException if it is gone
     */
    InputStream openAt(String revision) throws IOException;

    /** An open object: its bytes and the revision (an ETag, or a local file's size and time). */
    record Opened(InputStream bytes, String revision) {}

    /** The object was replaced since its revision was noted. */
    final class ChangedException extends IOException {
        public ChangedException(String location) {
            super(location + " changed since it was checked");
        }
    }
}
