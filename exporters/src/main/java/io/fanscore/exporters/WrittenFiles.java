package io.fanscore.exporters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Size and SHA-256 of a file an export wrote, for its record. */
final class WrittenFiles {

    private WrittenFiles() {}

    static ExportRecord.WrittenFile describe(Path file, long ids) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
        }
        return new ExportRecord.WrittenFile(
                file.getFileName().toString(),
                Files.size(file),
                HexFormat.of().formatHex(sha256.digest()),
                ids);
    }
}
