package io.fanscore.bench;

import io.fanscore.audience.api.AccessToken;
import io.fanscore.audience.api.AudienceApiConfig;
import io.fanscore.audience.api.AudienceApiServer;
import io.fanscore.audience.api.ServerLimits;
import io.fanscore.audience.api.TokenGrant;
import io.fanscore.audience.s3.S3Location;
import io.fanscore.audience.s3.S3PackageTree;
import io.fanscore.audience.s3.S3Settings;
import io.fanscore.audience.s3.S3TreeUpload;
import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.locals3.LocalS3Server;
import io.fanscore.packageformat.CountingInputStream;
import io.fanscore.packageformat.FileTrees;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.LocalPackageTreeWriter;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;

import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * An ad system pulling a large audience package: a {@code --members} (1 000 000) version written in
 * the job's format, the audience API on loopback, and a java.net.http client that pulls the members
 * with gzip (the stored bytes, decompressed by the client) and without (decompressed by the
 * server), counting every id. Also incremental syncs, short and across {@code --versions} (24),
 * answered from the versions' changes files. The same again with the API serving from s3proxy on
 * loopback ({@code --s3 false} to leave it out). Medians over {@code --runs} (5), after one warm-up
 * pull that also includes the server's one-time check of the file.
 */
public final class AudiencePullBenchmark {

    private static final String PACKAGE = "bench-devoted";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        int members = Integer.parseInt(options.getOrDefault("members", "1000000"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        int versions = Math.max(3, Integer.parseInt(options.getOrDefault("versions", "24")));
        boolean s3 = Boolean.parseBoolean(options.getOrDefault("s3", "true"));
        Path root = FanscoreHome.fromSystemProperties().dataDir().resolve("bench-audience");
        FileTrees.deleteTree(root);

        long writeStart = System.nanoTime();
        LocalPackageTreeWriter writer = new LocalPackageTreeWriter(root);
        PackageId packageId = new PackageId(PACKAGE);
        // 1% of the fans leave and as many join per version, twice: version 3. Then 0.01% per
        // version up to --versions, the hourly turnover of a large steady audience.
        int churn = Math.max(1, members / 100);
        int trickle = Math.max(1, members / 10_000);
        VersionManifest latest = null;
        for (int version = 1; version <= versions; version++) {
            int first = version <= 3 ? (version - 1) * churn : 2 * churn + (version - 3) * trickle;
            latest =
                    writer.write(
                            packageId,
                            version,
                            "bench-creator",
                            version * 3_600_000L,
                            sha256Ids(first, members),
                            1,
                            IdFormat.SHA256);
        }
        System.out.printf(
                "machine: %d cores, Java %s; package of %,d sha256 ids: members.txt.gz %.1f MB,"
                        + " %d versions (written in %.1f s)%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                members,
                latest.members().bytes() / 1e6,
                versions,
                (System.nanoTime() - writeStart) / 1e9);

        String token = AccessToken.generate();
        TokenGrant grant =
                new TokenGrant(
                        "bench",
                        AccessToken.sha256(token),
                        new TreeSet<>(Set.of(new PackageId(PACKAGE))),
                        Set.of());
        AudienceApiConfig config =
                new AudienceApiConfig(
                        "127.0.0.1", 0, Optional.empty(), ServerLimits.DEFAULTS, List.of(grant));
        try (AudienceApiServer server = AudienceApiServer.start(config, root)) {
            System.out.println("-- local directory");
            measureAll(server, token, versions, runs);
        }
        if (s3) {
            Path s3Dir = root.resolveSibling("bench-audience-s3");
            FileTrees.deleteTree(s3Dir);
            try (LocalS3Server store =
                    LocalS3Server.start(
                            LocalS3Server.libDirOfBuild(),
                            Files.createDirectories(s3Dir),
                            S3_BUCKET)) {
                S3Settings settings =
                        new S3Settings(
                                store.endpoint(), LocalS3Server.REGION, true, "ACCESS", "SECRET");
                long uploadStart = System.nanoTime();
                try (S3Client client = settings.client(AudiencePullBenchmark::s3Credential)) {
                    S3TreeUpload.upload(client, root, new S3Location(S3_BUCKET, "packages"));
                }
                System.out.printf(
                        "-- s3proxy on loopback (its filesystem store), uploaded in %.1f s%n",
                        (System.nanoTime() - uploadStart) / 1e9);
                try (AudienceApiServer server =
                        AudienceApiServer.start(
                                config,
                                new S3PackageTree(
                                        settings.client(AudiencePullBenchmark::s3Credential),
                                        new S3Location(S3_BUCKET, "packages")))) {
                    measureAll(server, token, versions, runs);
                }
            }
            FileTrees.deleteTree(s3Dir);
        }
        FileTrees.deleteTree(root);
    }

    private static final String S3_BUCKET = "bench-packages";

    private static String s3Credential(String name) {
        return name.equals("ACCESS") ? LocalS3Server.ACCESS_KEY : LocalS3Server.SECRET_KEY;
    }

    private static void measureAll(AudienceApiServer server, String token, int versions, int runs) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = server.baseUri() + "v1/packages/" + PACKAGE;
        Pull first = pull(client, base + "/versions/3/members", token, true);
        System.out.printf(
                "first pull, including the server's one-time check of the file: %.2f s%n",
                first.seconds);
        measure(
                client,
                base + "/versions/3/members",
                token,
                true,
                runs,
                "members, gzip (stored bytes)");
        measure(client, base + "/versions/3/members", token, false, runs, "members, identity");
        measure(
                client,
                base + "/changes?since=1&until=3",
                token,
                true,
                runs,
                "changes 1 -> 3 (changes files of v2, v3), gzip");
        // Warm the one-time checks of every changes file first.
        pull(client, base + "/changes?since=1", token, true);
        measure(
                client,
                base + "/changes?since=3",
                token,
                true,
                runs,
                "changes 3 -> " + versions + " (" + (versions - 3) + " changes files), gzip");
        measure(
                client,
                base + "/changes?since=1",
                token,
                true,
                runs,
                "changes 1 -> " + versions + " (" + (versions - 1) + " changes files), gzip");
    }

    /** {@code count} distinct member ids as the job writes them for id_format sha256. */
    private static List<String> sha256Ids(int from, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            ids.add(IdFormat.SHA256.memberId("bench", "fan-" + i));
        }
        return ids;
    }

    private static void measure(
            HttpClient client, String url, String token, boolean gzip, int runs, String label) {
        List<Pull> pulls = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            pulls.add(pull(client, url, token, gzip));
        }
        pulls.sort(Comparator.comparingDouble(p -> p.seconds));
        Pull median = pulls.get(pulls.size() / 2);
        System.out.printf(
                "%-50s %,12.0f ids/s  %8.1f MB/s on the wire  (%,d lines, %.1f MB, median %.3f s of %d)%n",
                label,
                median.lines / median.seconds,
                median.wireBytes / 1e6 / median.seconds,
                median.lines,
                median.wireBytes / 1e6,
                median.seconds,
                runs);
    }

    private static Pull pull(HttpClient client, String url, String token, boolean gzip) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            // The bytes as they came over the connection, before any decompression.
            CountingInputStream wire = new CountingInputStream(response.body());
            boolean compressed = response.headers().firstValue("Content-Encoding").isPresent();
            long lines;
            try (InputStream body = compressed ? new GZIPInputStream(wire, 65536) : wire) {
                lines = countLines(body);
            }
            return new Pull(lines, wire.count(), (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long countLines(InputStream in) throws IOException {
        byte[] buffer = new byte[65536];
        long lines = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
        }
        return lines;
    }

    private record Pull(long lines, long wireBytes, double seconds) {}
}
