package io.fanscore.bench;

import io.fanscore.audience.api.AccessToken;
import io.fanscore.audience.api.AudienceApiConfig;
import io.fanscore.audience.api.AudienceApiServer;
import io.fanscore.audience.api.ServerLimits;
import io.fanscore.audience.api.TokenGrant;
import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.packageformat.CountingInputStream;
import io.fanscore.packageformat.FileTrees;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.LocalPackageTreeWriter;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * server), counting every id. Also an incremental sync across two versions (a streamed merge of two
 * snapshots on the server). Medians over {@code --runs} (5), after one warm-up pull that also
 * includes the server's one-time check of the file.
 */
public final class AudiencePullBenchmark {

    private static final String PACKAGE = "bench-devoted";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        int members = Integer.parseInt(options.getOrDefault("members", "1000000"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        Path root = FanscoreHome.fromSystemProperties().dataDir().resolve("bench-audience");
        FileTrees.deleteTree(root);

        long writeStart = System.nanoTime();
        LocalPackageTreeWriter writer = new LocalPackageTreeWriter(root);
        PackageId packageId = new PackageId(PACKAGE);
        // 1% of the fans leave and as many join per version, twice: version 3.
        int churn = Math.max(1, members / 100);
        VersionManifest latest = null;
        for (int version = 1; version <= 3; version++) {
            latest =
                    writer.write(
                            packageId,
                            version,
                            "bench-creator",
                            version * 3_600_000L,
                            sha256Ids((version - 1) * churn, members),
                            1,
                            IdFormat.SHA256);
        }
        System.out.printf(
                "machine: %d cores, Java %s; package of %,d sha256 ids: members.txt.gz %.1f MB"
                        + " (written in %.1f s)%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                members,
                latest.members().bytes() / 1e6,
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
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
                    base + "/changes?since=1",
                    token,
                    true,
                    runs,
                    "changes since=1 (changes files of v2, v3), gzip");
        }
        FileTrees.deleteTree(root);
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
