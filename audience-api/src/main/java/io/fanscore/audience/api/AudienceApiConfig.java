package io.fanscore.audience.api;

import io.fanscore.audience.s3.S3Location;
import io.fanscore.audience.s3.S3PackageTree;
import io.fanscore.audience.s3.S3Settings;
import io.fanscore.packageformat.LocalPackageTree;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.PackageTreeReader;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The audience API's configuration ({@code flink-conf/audience-api.yaml}): where to listen, where
 * the packages are, the limits, and the tokens. Validated at start-up; errors name the key.
 */
public record AudienceApiConfig(
        String host,
        int port,
        Optional<Path> packagesPath,
        ServerLimits limits,
        List<TokenGrant> tokens,
        Optional<S3Location> packagesS3,
        S3Settings s3) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8090;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** Packages in a local directory (or none named): no object store. */
    public AudienceApiConfig(
            String host,
            int port,
            Optional<Path> packagesPath,
            ServerLimits limits,
            List<TokenGrant> tokens) {
        this(host, port, packagesPath, limits, tokens, Optional.empty(), S3Settings.DEFAULTS);
    }

    public static AudienceApiConfig load(Path file) {
        ObjectMapper yaml =
                new ObjectMapper(new YAMLFactory())
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        File parsed;
        try {
            parsed = yaml.readValue(file.toFile(), File.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(
                    file + ": " + e.getPathReference() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (parsed == null) {
            throw new ConfigException(file + ": empty");
        }
        try {
            return parsed.toConfig(file);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    public AudienceApiConfig withPort(int newPort) {
        return new AudienceApiConfig(host, newPort, packagesPath, limits, tokens, packagesS3, s3);
    }

    /** Serves this local directory, whatever packages_path says. */
    public AudienceApiConfig withPackagesPath(Path path) {
        return new AudienceApiConfig(
                host, port, Optional.of(path), limits, tokens, Optional.empty(), s3);
    }

    /** Whether packages_path names a local directory or a bucket. */
    public boolean namesPackages() {
        return packagesPath.isPresent() || packagesS3.isPresent();
    }

    /**
     * The package tree packages_path names: the bucket (a client from the {@code s3} settings,
     * credentials from {@code environment}) or the directory; {@code fallback} if it names none.
     */
    public PackageTreeReader openPackages(Path fallback, UnaryOperator<String> environment) {
        if (packagesS3.isPresent()) {
            return new S3PackageTree(s3.client(environment), packagesS3.get());
        }
        return new LocalPackageTree(packagesPath.orElse(fallback));
    }

    /** Every package some token may read: the bounded set the size gauge reports on. */
    public Set<PackageId> grantedPackages() {
        Set<PackageId> all = new TreeSet<>();
        tokens.forEach(token -> all.addAll(token.packages()));
        return all;
    }

    /** The file as written; a relative packages_path is relative to the file's directory. */
    private record File(
            @JsonProperty("host") String host,
            @JsonProperty("port") Integer port,
            @JsonProperty("packages_path") String packagesPath,
            @JsonProperty("limits") ServerLimits limits,
            @JsonProperty("tokens") List<Token> tokens,
            @JsonProperty("s3") S3Settings s3) {

        AudienceApiConfig toConfig(Path file) {
            int listenPort = port == null ? DEFAULT_PORT : port;
            if (listenPort < 0 || listenPort > 65535) {
                throw new ConfigException("port must be 0..65535");
            }
            ServerLimits serverLimits = limits == null ? ServerLimits.DEFAULTS : limits;
            serverLimits.validate();
            List<TokenGrant> grants = new ArrayList<>();
            Set<String> names = new HashSet<>();
            List<Token> entries = tokens == null ? List.of() : tokens;
            for (int i = 0; i < entries.size(); i++) {
                TokenGrant grant = entries.get(i).toGrant("tokens[" + i + "]");
                if (!names.add(grant.name())) {
                    throw new ConfigException(
                            "tokens[" + i + "].name '" + grant.name() + "' repeats");
                }
                grants.add(grant);
            }
            S3Settings s3Settings = s3 == null ? S3Settings.DEFAULTS : s3;
            Optional<S3Location> bucket = Optional.empty();
            Optional<Path> directory = Optional.empty();
            try {
                s3Settings.validate();
                if (packagesPath != null && S3Location.isS3(packagesPath)) {
                    bucket = Optional.of(S3Location.parse(packagesPath));
                } else if (packagesPath != null) {
                    Path parent = file.toAbsolutePath().getParent();
                    directory = Optional.of(parent.resolve(packagesPath).normalize());
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            return new AudienceApiConfig(
                    host == null ? DEFAULT_HOST : host,
                    listenPort,
                    directory,
                    serverLimits,
                    List.copyOf(grants),
                    bucket,
                    s3Settings);
        }
    }

    private record Token(
            @JsonProperty("name") String name,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("packages") List<String> packages,
            @JsonProperty("raw_id_packages") List<String> rawIdPackages) {

        TokenGrant toGrant(String key) {
            if (name == null || name.isBlank()) {
                throw new ConfigException(key + ".name is required");
            }
            if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
                throw new ConfigException(
                        key
                                + ".sha256 must be the lowercase hex SHA-256 of the token (64 characters)");
            }
            TreeSet<PackageId> granted = packageIds(key + ".packages", packages);
            TreeSet<PackageId> raw = packageIds(key + ".raw_id_packages", rawIdPackages);
            if (!granted.containsAll(raw)) {
                throw new ConfigException(key + ".raw_id_packages must be among its packages");
            }
            return new TokenGrant(name, HexFormat.of().parseHex(sha256), granted, Set.copyOf(raw));
        }

        private static TreeSet<PackageId> packageIds(String key, List<String> ids) {
            TreeSet<PackageId> parsed = new TreeSet<>();
            for (String id : ids == null ? List.<String>of() : ids) {
                if (!PackageId.isValid(id)) {
                    throw new ConfigException(key + ": '" + id + "' is not a valid package id");
                }
                parsed.add(new PackageId(id));
            }
            return parsed;
        }
    }
}
