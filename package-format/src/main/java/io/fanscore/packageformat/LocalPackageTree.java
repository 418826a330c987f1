package io.fanscore.packageformat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;

/**
 * Reads a package tree in a local directory. A version exists if and only if its manifest exists;
 * nothing here writes, and nothing here trusts a file before {@link IdFileCheck} has passed it.
 */
public final class LocalPackageTree implements PackageTreeReader {

    private final Path root;

    public LocalPackageTree(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public boolean isReadable() {
        return Files.isDirectory(root) && Files.isReadable(root);
    }

    @Override
    public List<Integer> versions(PackageId packageId) throws IOException {
        List<Integer> versions = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(versionsDir(packageId))) {
            for (Path entry : entries) {
                OptionalInt version = PackageLayout.versionNamed(entry.getFileName().toString());
                if (version.isPresent()
                        && Files.isRegularFile(entry.resolve(PackageLayout.MANIFEST))) {
                    versions.add(version.getAsInt());
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        versions.sort(null);
        return versions;
    }

    @Override
    public List<String> rootNames() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public Optional<byte[]> manifestBytes(PackageId packageId, int version, int limit)
            throws IOException {
        Path file = versionDir(packageId, version).resolve(PackageLayout.MANIFEST);
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(in.readNBytes(limit));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public StoredObject object(VersionManifest manifest, FileRole role) {
        return new LocalStoredFile(file(manifest, role));
    }

    /** The stored file of {@code role}; check it with {@link IdFileCheck} before serving it. */
    public Path file(VersionManifest manifest, FileRole role) {
        return versionDir(manifest.packageId(), manifest.version())
                .resolve(manifest.file(role).name());
    }

    /** The lines of a file, decompressed, checked first: for tools and tests, not for serving. */
    public List<String> lines(VersionManifest manifest, FileRole role)
            throws IOException, FormatException {
        Path file = file(manifest, role);
        try (InputStream in = Files.newInputStream(file)) {
            IdFileCheck.verify(in, manifest, role);
        }
        List<String> lines = new ArrayList<>();
        try (IdLineReader reader =
                new IdLineReader(
                        new GZIPInputStream(
                                new BufferedInputStream(Files.newInputStream(file), 1 << 16)))) {
            for (byte[] line = reader.next(); line != null; line = reader.next()) {
                lines.add(new String(line, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    public Path versionDir(PackageId packageId, int version) {
        // A valid package id is one plain segment, so this stays under the root.
        return root.resolve(PackageLayout.versionOf(packageId, version));
    }

    private Path versionsDir(PackageId packageId) {
        return root.resolve(PackageLayout.versionsOf(packageId));
    }
}
