package io.fanscore.audience.s3;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.PackageLayout;
import io.fanscore.packageformat.PackageTreeReader;
import io.fanscore.packageformat.StoredObject;
import io.fanscore.packageformat.VersionManifest;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A package tree in an S3 bucket under a key prefix, laid out as in a directory (keys are the
 * relative paths of {@link PackageLayout}). Reads only: lists, and gets objects. S3 is strongly
 * consistent for reads after writes and lists, and an object appears whole or not at all, so a
 * version whose manifest is listed has every file the manifest names (the job writes them first).
 */
public final class S3PackageTree implements PackageTreeReader, AutoCloseable {

    private static final String MANIFEST_SUFFIX = "/" + PackageLayout.MANIFEST;

    private final S3Client client;
    private final S3Location location;

    public S3PackageTree(S3Client client, S3Location location) {
        this.client = client;
        this.location = location;
    }

    @Override
    public String location() {
        return location.toString();
    }

    @Override
    public boolean isReadable() {
        try {
            client.listObjectsV2(
                    ListObjectsV2Request.builder()
                            .bucket(location.bucket())
                            .prefix(location.keyPrefix())
                            .maxKeys(1)
                            .build());
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    @Override
    public List<String> rootNames() throws IOException {
        List<String> names = new ArrayList<>();
        String prefix = location.keyPrefix();
        try {
            for (ListObjectsV2Response page :
                    client.listObjectsV2Paginator(
                            ListObjectsV2Request.builder()
                                    .bucket(location.bucket())
                                    .prefix(prefix)
                                    .delimiter("/")
                                    .build())) {
                for (CommonPrefix common : page.commonPrefixes()) {
                    String name = common.prefix().substring(prefix.length());
                    names.add(name.substring(0, name.length() - 1));
                }
            }
        } catch (SdkException e) {
            throw new IOException("cannot list " + location, e);
        }
        names.sort(null);
        return names;
    }

    /** One listing of the package's version keys: about three keys per version kept. */
    @Override
    public List<Integer> versions(PackageId packageId) throws IOException {
        String prefix = location.key(PackageLayout.versionsOf(packageId)) + "/";
        List<Integer> versions = new ArrayList<>();
        try {
            for (ListObjectsV2Response page :
                    client.listObjectsV2Paginator(
                            ListObjectsV2Request.builder()
                                    .bucket(location.bucket())
                                    .prefix(prefix)
                                    .build())) {
                for (S3Object object : page.contents()) {
                    String rest = object.key().substring(prefix.length());
                    if (rest.endsWith(MANIFEST_SUFFIX)) {
                        OptionalInt version =
                                PackageLayout.versionNamed(
                                        rest.substring(
                                                0, rest.length() - MANIFEST_SUFFIX.length()));
                        version.ifPresent(versions::add);
                    }
                }
            }
        } catch (SdkException e) {
            throw new IOException("cannot list " + prefix + " in " + location, e);
        }
        versions.sort(null);
        return versions;
    }

    @Override
    public Optional<byte[]> manifestBytes(PackageId packageId, int version, int limit)
            throws IOException {
        String key =
                location.key(PackageLayout.versionOf(packageId, version))
                        + "/"
                        + PackageLayout.MANIFEST;
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(get(key).build())) {
            byte[] bytes = in.readNBytes(limit);
            if (bytes.length == limit) {
                in.abort(); // too large anyway: do not drain the rest
            }
            return Optional.of(bytes);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("cannot read " + key + " in " + location, e);
        }
    }

    @Override
    public StoredObject object(VersionManifest manifest, FileRole role) {
        String key =
                location.key(PackageLayout.versionOf(manifest.packageId(), manifest.version()))
                        + "/"
                        + manifest.file(role).name();
        return new S3StoredObject(client, location.bucket(), key);
    }

    private GetObjectRequest.Builder get(String key) {
        return GetObjectRequest.builder().bucket(location.bucket()).key(key);
    }

    @Override
    public void close() {
        client.close();
    }

    /** An object of the tree; its revision is its ETag. */
    private record S3StoredObject(S3Client client, String bucket, String key)
            implements StoredObject {

        @Override
        public String location() {
            return "s3://" + bucket + "/" + key;
        }

        @Override
        public Opened open() throws IOException {
            ResponseInputStream<GetObjectResponse> in = getObject(request().build());
            return new Opened(in, in.response().eTag());
        }

        @Override
        public InputStream openAt(String revision) throws IOException {
            return getObject(request().ifMatch(revision).build());
        }

        private ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request)
                throws IOException {
            try {
                return client.getObject(request);
            } catch (NoSuchKeyException e) {
                throw new java.nio.file.NoSuchFileException(location());
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                if (e.statusCode() == 412) {
                    throw new ChangedException(location());
                }
                throw new IOException("cannot read " + location(), e);
            } catch (SdkException e) {
                throw new IOException("cannot read " + location(), e);
            }
        }

        private GetObjectRequest.Builder request() {
            return GetObjectRequest.builder().bucket(bucket).key(key);
        }
    }
}
