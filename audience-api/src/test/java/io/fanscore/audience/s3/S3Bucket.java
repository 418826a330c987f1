package io.fanscore.audience.s3;

import io.fanscore.locals3.LocalS3Server;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A bucket of the local S3 server, and the ways tests put a package tree into it. */
public record S3Bucket(LocalS3Server server, String name) {

    /** The settings an API uses to reach the bucket, with credentials from two variables. */
    public S3Settings settings() {
        return new S3Settings(
                server.endpoint(), LocalS3Server.REGION, true, "S3_ACCESS", "S3_SECRET");
    }

    /** The environment {@link #settings()} reads its credentials from. */
    public static String environment(String name) {
        return switch (name) {
            case "S3_ACCESS" -> LocalS3Server.ACCESS_KEY;
            case "S3_SECRET" -> LocalS3Server.SECRET_KEY;
            default -> null;
        };
    }

    public S3Client client() {
        return settings().client(S3Bucket::environment);
    }

    /** A reader of the tree under {@code prefix}, with a client of its own. */
    public S3PackageTree tree(String prefix) {
        return new S3PackageTree(client(), new S3Location(name, prefix));
    }

    /** Copies a local package tree under {@code prefix}, manifests last (as the job publishes). */
    public List<String> upload(Path localRoot, String prefix) throws IOException {
        try (S3Client client = client()) {
            return S3TreeUpload.upload(client, localRoot, new S3Location(name, prefix));
        }
    }

    /** Writes one object from a file. */
    public void put(S3Client client, String key, Path file) {
        client.putObject(
                PutObjectRequest.builder().bucket(name).key(key).build(),
                RequestBody.fromFile(file));
    }

    /** Writes one object from bytes. */
    public void put(String key, byte[] bytes) {
        try (S3Client client = client()) {
            client.putObject(
                    PutObjectRequest.builder().bucket(name).key(key).build(),
                    RequestBody.fromBytes(bytes));
        }
    }
}
