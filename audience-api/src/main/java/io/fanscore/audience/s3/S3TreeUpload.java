package io.fanscore.audience.s3;

import io.fanscore.packageformat.PackageLayout;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies a package tree from a local directory into a bucket, every manifest after every other
 * file, so that readers of the bucket see each version whole or not at all while it runs (as the
 * job publishes). For moving a directory's versions to object storage, fixtures and benchmarks.
 */
public final class S3TreeUpload {

    private S3TreeUpload() {}

    /** Uploads every file under {@code localRoot} to {@code target}; returns the keys written. */
    public static List<String> upload(S3Client client, Path localRoot, S3Location target)
            throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(localRoot)) {
            files =
                    walk.filter(Files::isRegularFile)
                            .sorted(
                                    Comparator.comparing(
                                                    (Path file) ->
                                                            file.getFileName()
                                                                    .toString()
                                                                    .equals(PackageLayout.MANIFEST))
                                            .thenComparing(Comparator.naturalOrder()))
                            .toList();
        }
        return files.stream()
                .map(
                        file -> {
                            String key =
                                    target.key(
                                            localRoot
                                                    .relativize(file)
                                                    .toString()
                                                    .replace('\\', '/'));
                            client.putObject(
                                    PutObjectRequest.builder()
                                            .bucket(target.bucket())
                                            .key(key)
                                            .build(),
                                    RequestBody.fromFile(file));
                            return key;
                        })
                .toList();
    }
}
