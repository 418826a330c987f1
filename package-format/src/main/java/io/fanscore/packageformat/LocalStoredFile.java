package io.fanscore.packageformat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** A version file in a local directory; its revision is its size and modification time. */
final class LocalStoredFile implements StoredObject {

    private final Path file;

    LocalStoredFile(Path file) {
        this.file = file;
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public Opened open() throws IOException {
        String revision = revision();
        return new Opened(Files.newInputStream(file), revision);
    }

    @Override
    public InputStream openAt(String revision) throws IOException {
        if (!revision().equals(revision)) {
            throw new ChangedException(location());
        }
        return Files.newInputStream(file);
    }

    private String revision() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return attributes.size() + ":" + attributes.lastModifiedTime().toMillis();
    }
}
