package io.fanscore.audience.api;

import io.fanscore.audience.testutils.PackageTreeFixture;
import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.PackageLayout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bad paths, bad files and bad clients: clean 4xx/5xx, and the server keeps serving. */
class AudienceApiRobustnessITCase {

    private static final String TOKEN = AccessToken.generate();
    private static final String GOOD = "good";
    private static final String BIG = "big";
    private static final int BIG_MEMBERS = 200_000;
    private static final List<String> BROKEN =
            List.of(
                    "flipped-byte",
                    "truncated-gzip",
                    "bad-manifest",
                    "missing-members",
                    "unsorted");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Slow clients are cut off within seconds here, not the default 30. */
    private static final ServerLimits QUICK_CUTOFF =
            new ServerLimits(32, 512, 1_500, 4096, 8192, 16);

    @TempDir static Path workDir;
    private static TestServer api;

    @BeforeAll
    static void writeTreeAndStart() throws Exception {
        Path root = workDir.resolve("packages");
        PackageTreeFixture fixture = new PackageTreeFixture(root);
        fixture.write(GOOD, 1, PackageTreeFixture.sha256Ids("s", 0, 2_000), 1, "sha256");
        fixture.write(BIG, 1, PackageTreeFixture.sha256Ids("s", 0, BIG_MEMBERS), 1, "sha256");
        for (String name : BROKEN) {
            fixture.write(name, 1, PackageTreeFixture.sha256Ids(name, 0, 500), 1, "sha256");
        }
        breakFiles(fixture);
        // A package outside the root, and one in the job's hidden staging area.
        new PackageTreeFixture(workDir).write("outside", 1, List.of("secret-outside"), 1, "raw");
        new PackageTreeFixture(root.resolve(".staging"))
                .write("x", 1, List.of("secret-staged"), 1, "raw");
        List<String> granted = new ArrayList<>(BROKEN);
        granted.addAll(List.of(GOOD, BIG));
        api =
                TestServer.start(
                        root, QUICK_CUTOFF, TestServer.grant("t", TOKEN, granted, List.of()));
    }

    private static void breakFiles(PackageTreeFixture fixture) throws Exception {
        // A flipped byte: size as in the manifest, checksum not.
        try (RandomAccessFile file =
                new RandomAccessFile(
                        fixture.versionDir("flipped-byte", 1)
                                .resolve(FileRole.MEMBERS.fileName())
                                .toFile(),
                        "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0xff);
        }
        // Truncated gzip that the manifest describes faithfully: the gzip check catches it.
        Path truncated =
                fixture.versionDir("truncated-gzip", 1).resolve(FileRole.MEMBERS.fileName());
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        rewriteFileEntry(fixture.versionDir("truncated-gzip", 1), truncated);
        Files.writeString(
                fixture.versionDir("bad-manifest", 1).resolve(PackageLayout.MANIFEST),
                "{\"package_id\": \"bad-manifest\", \"version\": ");
        Files.delete(fixture.versionDir("missing-members", 1).resolve(FileRole.MEMBERS.fileName()));
        // Unsorted ids in a file whose size and checksum agree with the manifest.
        Path unsorted = fixture.versionDir("unsorted", 1).resolve(FileRole.MEMBERS.fileName());
        List<String> lines;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(unsorted))) {
            lines =
                    new ArrayList<>(
                            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
        java.util.Collections.reverse(lines);
        try (java.util.zip.GZIPOutputStream out =
                new java.util.zip.GZIPOutputStream(Files.newOutputStream(unsorted))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        rewriteFileEntry(fixture.versionDir("unsorted", 1), unsorted);
    }

    private static void rewriteFileEntry(Path versionDir, Path members) throws Exception {
        ObjectNode manifest =
                (ObjectNode) JSON.readTree(versionDir.resolve(PackageLayout.MANIFEST).toFile());
        ObjectNode entry = (ObjectNode) manifest.path("files").path("members");
        entry.put("bytes", Files.size(members));
        entry.put(
                "sha256",
                HexFormat.of()
                        .formatHex(
                                java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(Files.readAllBytes(members))));
        JSON.writeValue(versionDir.resolve(PackageLayout.MANIFEST).toFile(), manifest);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void traversalAndMalformedIdsAreRejectedAndReadNothing() throws Exception {
        String auth = "Authorization: Bearer " + TOKEN;
        List<String> targets =
                List.of(
                        "/v1/packages/../outside/versions/1/members",
                        "/v1/packages/../../outside/versions/1",
                        "/v1/packages/%2e%2e/outside/versions/1/members",
                        "/v1/packages/%2E%2E%2Foutside/versions/1/members",
                        "/v1/packages/..%2Foutside/versions/1/members",
                        "/v1/packages/good%2F..%2F..%2Foutside/versions/1/members",
                        "/v1/packages/.staging/versions/1/members",
                        "/v1/packages/%2Estaging%2Fx/versions/1/members",
                        "/v1/packages/-good/versions/1",
                        "/v1/packages/" + "a".repeat(129) + "/versions/1",
                        "/v1/packages/good%00/versions/1",
                        "/v1/packages/go%20od/versions/1");
        for (String target : targets) {
            String response = RawHttp.get(api.port(), target, auth);
            assertThat(RawHttp.status(response)).as(target).isBetween(400, 499);
            assertThat(response).as(target).doesNotContain("secret-");
        }
    }

    @Test
    void malformedVersionsAreBadRequests() throws Exception {
        for (String version :
                List.of("abc", "0", "-1", "01", "1.0", "99999999999", "2147483648", "%31")) {
            HttpResponse<byte[]> response =
                    api.get("/v1/packages/good/versions/" + version + "/members", TOKEN);
            assertThat(response.statusCode())
                    .as(version)
                    .isEqualTo(version.equals("%31") ? 200 : 400);
        }
        assertThat(api.get("/v1/packages/good/versions/2147483647", TOKEN).statusCode())
                .isEqualTo(404);
    }

    @Test
    void corruptOrMissingFilesAreCleanServerErrorsWithoutDetails() throws Exception {
        for (String name : BROKEN) {
            HttpResponse<byte[]> members =
                    api.get("/v1/packages/" + name + "/versions/1/members", TOKEN);
            String body = TestServer.text(members);
            assertThat(members.statusCode()).as(name).isEqualTo(500);
            assertThat(JSON.readTree(body).path("error").asText())
                    .as(name)
                    .isEqualTo("version_unreadable");
            assertThat(body)
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ")
                    .doesNotContain("/tmp");
            HttpResponse<byte[]> gzip =
                    api.get(
                            "/v1/packages/" + name + "/versions/1/members",
                            TOKEN,
                            "Accept-Encoding",
                            "gzip");
            assertThat(gzip.statusCode()).as(name).isEqualTo(500);
        }
        // Changes from 0 to 1 are the stored changes file, intact except where the manifest is bad.
        assertThat(api.get("/v1/packages/bad-manifest/changes?since=0", TOKEN).statusCode())
                .isEqualTo(500);
        assertThat(api.get("/v1/packages/missing-members/changes?since=0", TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(api.get("/v1/packages/good/versions/2/members", TOKEN).statusCode())
                .isEqualTo(404);
        // The listing still answers, marking what it could not read.
        HttpResponse<byte[]> listing = api.get("/v1/packages", TOKEN);
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(TestServer.text(listing)).contains("\"latest_unreadable\":true");
    }

    @Test
    void oversizedHeadersAndUrisAreRefusedAndTheServerGoesOn() throws Exception {
        String bigHeader = RawHttp.get(api.port(), "/healthz", "X-Padding: " + "a".repeat(20_000));
        assertThat(RawHttp.status(bigHeader)).isEqualTo(431);
        String bigUri =
                RawHttp.get(api.port(), "/v1/packages/" + "a".repeat(20_000) + "/versions/1");
        assertThat(RawHttp.status(bigUri)).isBetween(400, 499);
        assertThat(bigHeader + bigUri).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(api.get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(api.get("/v1/packages/good/versions/1/members", TOKEN).statusCode())
                .isEqualTo(200);
    }

    @Test
    void fiftyParallelPullsAllGetTheWholeSnapshot() throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> pulls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(
                                    URI.create(
                                            "http://127.0.0.1:"
                                                    + api.port()
                                                    + "/v1/packages/good/versions/1/members"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .timeout(Duration.ofSeconds(60));
            if (i % 2 == 0) {
                request.header("Accept-Encoding", "gzip");
            }
            pulls.add(
                    api.client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> pull : pulls) {
            HttpResponse<byte[]> response = pull.get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(TestServer.lines(response)).hasSize(2_000);
        }
    }

    @Test
    void aSlowReaderNeitherBlocksOthersNorKeepsItsThread() throws Exception {
        double abortedBefore = abortedStreams();
        try (Socket slow =
                RawHttp.slowReader(
                        api.port(),
                        "/v1/packages/big/versions/1/members",
                        "Authorization: Bearer " + TOKEN)) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<byte[]> other = api.get("/v1/packages/good/versions/1/members", TOKEN);
                assertThat(other.statusCode()).isEqualTo(200);
                assertThat(TestServer.lines(other)).hasSize(2_000);
            }
            // The server gives up on the stalled stream: its thread is free again.
            // A scrape may meet a pooled connection the server has just closed as idle (this
            // server's idle timeout is short): that poll fails, the next one opens a new one.
            await().atMost(Duration.ofSeconds(20))
                    .ignoreExceptionsInstanceOf(java.io.IOException.class)
                    .until(() -> abortedStreams() > abortedBefore);
            assertThat(slow.isClosed()).isFalse();
        }
        assertThat(api.get("/healthz", null).statusCode()).isEqualTo(200);
    }

    private static double abortedStreams() throws Exception {
        return api.metric(
                "fanscore_audience_api_responses_aborted_total{route=\"/v1/packages/{id}/versions/{v}/members\"}");
    }
}
