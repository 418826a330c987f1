package io.fanscore.cli.demo;

import io.fanscore.audience.api.AccessToken;
import io.fanscore.audience.api.AudienceApiConfig;
import io.fanscore.audience.api.AudienceApiServer;
import io.fanscore.audience.api.TokenGrant;
import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.packageformat.PackageId;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageCatalogLoader;
import io.fanscore.rules.packages.PackageDefinition;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The audience-package side of the demo: the job computes the packages of {@code
 * flink-conf/packages.yaml} into {@code .fanscore/packages}, hashed with a salt made for this
 * machine, and the audience API serves them with a token made for this run.
 */
final class DemoAudience implements AutoCloseable {

    private final AudienceApiServer server;

    private DemoAudience(AudienceApiServer server) {
        this.server = server;
    }

    static Path definitions(FanscoreHome home) {
        return home.confFile("packages.yaml");
    }

    static Path packagesDir(FanscoreHome home) {
        return home.dataDir().resolve("packages");
    }

    /** Removes the versions of an earlier run. */
    static void clearPackages(FanscoreHome home) throws IOException {
        Path dir = packagesDir(home);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The demo's salts file, made once per machine: salts are secrets, never in the repo. */
    static Path salts(FanscoreHome home) throws IOException {
        Path file = home.dataDir().resolve("demo-salts.properties");
        if (!Files.exists(file)) {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "demo=" + HexFormat.of().formatHex(salt) + "\n");
        }
        return file;
    }

    /** Starts the API with one fresh token that may read every demo package, and prints both. */
    static DemoAudience start(FanscoreHome home, int port, PrintStream out) throws IOException {
        PackageCatalog catalog = PackageCatalogLoader.load(definitions(home), salts(home));
        TreeSet<PackageId> packages = new TreeSet<>();
        for (PackageDefinition definition : catalog.packages()) {
            packages.add(new PackageId(definition.packageId()));
        }
        String token = AccessToken.generate();
        AudienceApiConfig config =
                AudienceApiConfig.load(home.confFile("audience-api.yaml")).withPort(port);
        config =
                new AudienceApiConfig(
                        config.host(),
                        config.port(),
                        config.packagesPath(),
                        config.limits(),
                        List.of(
                                new TokenGrant(
                                        "demo", AccessToken.sha256(token), packages, Set.of())));
        AudienceApiServer server = AudienceApiServer.start(config, packagesDir(home));
        String list = server.baseUri().resolve("v1/packages").toString();
        out.printf(
                "Audience API: %s (token for this run: %s)%n"
                        + "  curl -H 'Authorization: Bearer %s' %s%n",
                list, token, token, list);
        return new DemoAudience(server);
    }

    @Override
    public void close() {
        server.close();
    }
}
