package io.fanscore.audience.api;

import io.fanscore.audience.testutils.PackageTreeFixture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The standalone main in its own JVM with a 48 MB heap serves a million-member snapshot (65 MB of
 * ids, 34 MB of gzip) to four clients at once: members are streamed, never held in memory.
 */
class AudienceApiProcessITCase {

    private static final int MEMBERS = 1_000_000;
    private static final Pattern LISTENING =
            Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir Path workDir;

    @Test
    void aSmallHeapStreamsAMillionMembersToParallelClients() throws Exception {
        Path root = workDir.resolve("packages");
        new PackageTreeFixture(root)
                .write("huge", 1, PackageTreeFixture.sha256Ids("s", 0, MEMBERS), 1, "sha256");
        String token = AccessToken.generate();
        Path config = workDir.resolve("audience-api.yaml");
        Files.writeString(
                config,
                "host: 127.0.0.1\nport: 0\npackages_path: packages\ntokens:\n"
                        + AccessToken.configEntry(
                                "t",
                                token,
                                List.of(new io.fanscore.packageformat.PackageId("huge"))));
        Process server =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx48m",
                                "-XX:+ExitOnOutOfMemoryError",
                                "-cp",
                                System.getProperty("java.class.path"),
                                AudienceApiMain.class.getName(),
                                config.toString())
                        .redirectErrorStream(true)
                        .start();
        try {
            int port = awaitPort(server);
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<Long>> pulls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean gzip = i % 2 == 0;
                HttpRequest.Builder request =
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + port
                                                        + "/v1/packages/huge/versions/1/members"))
                                .header("Authorization", "Bearer " + token)
                                .timeout(Duration.ofMinutes(2));
                if (gzip) {
                    request.header("Accept-Encoding", "gzip");
                }
                pulls.add(
                        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                                .thenApply(response -> countLines(response, gzip)));
            }
            for (CompletableFuture<Long> pull : pulls) {
                assertThat(pull.get()).isEqualTo(MEMBERS);
            }
            assertThat(server.isAlive()).isTrue();
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static long countLines(HttpResponse<InputStream> response, boolean gzip) {
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body =
                gzip ? new GZIPInputStream(response.body(), 65536) : response.body()) {
            byte[] buffer = new byte[65536];
            long lines = 0;
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int awaitPort(Process server) {
        AtomicReference<Integer> port = new AtomicReference<>();
        StringBuilder output = new StringBuilder();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader lines =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    server.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                for (String line = lines.readLine();
                                        line != null;
                                        line = lines.readLine()) {
                                    synchronized (output) {
                                        output.append(line).append('\n');
                                    }
                                    Matcher matcher = LISTENING.matcher(line);
                                    if (matcher.find()) {
                                        port.set(Integer.parseInt(matcher.group(1)));
                                    }
                                }
                            } catch (IOException e) {
                                // The process ended.
                            }
                        },
                        "audience-api-output");
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(30))
                .failFast(() -> !server.isAlive())
                .until(() -> port.get() != null);
        return port.get();
    }
}
