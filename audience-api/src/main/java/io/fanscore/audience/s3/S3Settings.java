package io.fanscore.audience.s3;

import com.fasterxml.jackson.annotation.JsonProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * How the audience API reaches an S3-protocol store ({@code s3:} in its configuration): AWS itself
 * by default, or any compatible server (MinIO, Ceph, s3proxy) through {@code endpoint} and
 * path-style access. Credentials are never in the file: by default the SDK's chain (environment,
 * web identity on Kubernetes, instance profile); or two environment variables the file names.
 */
public record S3Settings(
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("region") String region,
        @JsonProperty("path_style_access") Boolean pathStyleAccess,
        @JsonProperty("access_key_env") String accessKeyEnv,
        @JsonProperty("secret_key_env") String secretKeyEnv) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final S3Settings DEFAULTS = new S3Settings(null, null, null, null, null);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** Throws {@link IllegalArgumentException} naming the key that is wrong. */
    public void validate() {
        if (endpoint != null) {
            URI uri = URI.create(endpoint);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("s3.endpoint must be an http(s) URL");
            }
        }
        if ((accessKeyEnv == null) != (secretKeyEnv == null)) {
            throw new IllegalArgumentException(
                    "s3.access_key_env and s3.secret_key_env go together");
        }
    }

    /**
     * A client for these settings, credentials read through {@code environment} (System::getenv).
     */
    public S3Client client(UnaryOperator<String> environment) {
        var builder =
                S3Client.builder()
                        .httpClient(
                                UrlConnectionHttpClient.builder()
                                        .connectionTimeout(CONNECT_TIMEOUT)
                                        .socketTimeout(READ_TIMEOUT)
                                        .build())
                        .region(Region.of(region == null ? DEFAULT_REGION : region))
                        .forcePathStyle(Boolean.TRUE.equals(pathStyleAccess))
                        // Checksums only where S3 requires them: compatible servers differ in the
                        // optional ones, and every file is checked against its manifest anyway.
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .credentialsProvider(credentials(environment));
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private AwsCredentialsProvider credentials(UnaryOperator<String> environment) {
        if (accessKeyEnv == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String accessKey = environment.apply(accessKeyEnv);
        String secretKey = environment.apply(secretKeyEnv);
        if (accessKey == null || secretKey == null) {
            throw new IllegalArgumentException(
                    "s3: the environment variables "
                            + accessKeyEnv
                            + " and "
                            + secretKeyEnv
                            + " must both be set");
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }
}
