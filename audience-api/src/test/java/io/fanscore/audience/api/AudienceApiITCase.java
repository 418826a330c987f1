package io.fanscore.audience.api;

import io.fanscore.audience.testutils.PackageTreeFixture;
import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.PackageLayout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The API over real HTTP against a package tree written as the job writes it. */
class AudienceApiITCase {

    private static final String PACKAGE = "acme-devoted";
    private static final String RAW_PACKAGE = "acme-raw";
    private static final String OTHER_PACKAGE = "rival-devoted";
    private static final String NOT_YET_WRITTEN = "acme-new";
    private static final String SMALL_PACKAGE = "acme-small";
    private static final String EMPTY_PACKAGE = "acme-empty";
    private static final String CHAIN_PACKAGE = "acme-chain";
    private static final int MIN_SIZE = 50;

    private static final String FULL_TOKEN = AccessToken.generate();
    private static final String LIMITED_TOKEN = AccessToken.generate();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path root;

    /** The published members of each version of {@link #PACKAGE}, index = version. */
    private static final List<Set<String>> published = new ArrayList<>();

    private static TestServer api;

    /** The members of each version of {@link #CHAIN_PACKAGE}, index = version − 1. */
    private static final List<Set<String>> chained = new ArrayList<>();

    @BeforeAll
    static void writePackagesAndStart() {
        PackageTreeFixture fixture = new PackageTreeFixture(root);
        published.add(Set.of());
        // Adds and removes from version to version, with a BELOW_MIN_SIZE version 3 in between.
        int[][] spans = {{0, 100}, {20, 110}, {0, 10}, {30, 130}, {25, 146}};
        for (int v = 1; v <= spans.length; v++) {
            List<String> ids =
                    PackageTreeFixture.sha256Ids("salt", spans[v - 1][0], spans[v - 1][1]);
            fixture.write(PACKAGE, v, ids, MIN_SIZE, "sha256");
            published.add(ids.size() < MIN_SIZE ? Set.of() : new TreeSet<>(ids));
        }
        // Large snapshots, small changes: spans of versions are answered from the changes files.
        for (int v = 1; v <= 4; v++) {
            List<String> ids = PackageTreeFixture.sha256Ids("chain", 5 * v, 400);
            fixture.write(CHAIN_PACKAGE, v, ids, 1, "sha256");
            chained.add(new TreeSet<>(ids));
        }
        fixture.write(RAW_PACKAGE, 1, List.of("fan-1", "fan-2", "fan-3"), 1, "raw");
        // In force without (enough) members: every version withheld, or published and empty.
        fixture.write(SMALL_PACKAGE, 1, List.of(), MIN_SIZE, "sha256");
        fixture.write(
                SMALL_PACKAGE, 2, PackageTreeFixture.sha256Ids("s", 0, 3), MIN_SIZE, "sha256");
        fixture.write(SMALL_PACKAGE, 3, List.of(), MIN_SIZE, "sha256");
        fixture.write(EMPTY_PACKAGE, 1, List.of(), 0, "sha256");
        fixture.write(EMPTY_PACKAGE, 2, List.of(), 0, "sha256");
        fixture.write(OTHER_PACKAGE, 1, PackageTreeFixture.sha256Ids("x", 0, 60), MIN_SIZE, "md5");
        api =
                TestServer.start(
                        root,
                        ServerLimits.DEFAULTS,
                        TestServer.grant(
                                "full",
                                FULL_TOKEN,
                                List.of(
                                        PACKAGE,
                                        RAW_PACKAGE,
                                        NOT_YET_WRITTEN,
                                        SMALL_PACKAGE,
                                        EMPTY_PACKAGE,
                                        CHAIN_PACKAGE),
                                List.of(RAW_PACKAGE)),
                        TestServer.grant(
                                "limited",
                                LIMITED_TOKEN,
                                List.of(PACKAGE, RAW_PACKAGE),
                                List.of()));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void withoutAValidTokenEveryPackageRouteIs401WithAChallenge() throws Exception {
        for (String path :
                List.of(
                        "/v1/packages",
                        "/v1/packages/" + PACKAGE + "/versions/latest",
                        "/v1/packages/" + PACKAGE + "/versions/1/members",
                        "/v1/packages/" + PACKAGE + "/changes?since=0")) {
            HttpResponse<byte[]> none = api.get(path, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"fanscore-audience\"");
            HttpResponse<byte[]> wrong = api.get(path, FULL_TOKEN + "x");
            assertThat(wrong.statusCode()).as(path).isEqualTo(401);
            assertThat(wrong.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("error=\"invalid_token\"");
            assertThat(TestServer.text(wrong)).doesNotContain(FULL_TOKEN);
        }
        assertThat(
                        api.get("/v1/packages", null, "Authorization", "Basic " + FULL_TOKEN)
                                .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aPackageTheTokenMayNotReadAnswersLikeOneThatDoesNotExist() throws Exception {
        String existingButNotGranted = "/v1/packages/" + OTHER_PACKAGE + "/versions/latest";
        String nowhere = "/v1/packages/ghost/versions/latest";
        HttpResponse<byte[]> hidden = api.get(existingButNotGranted, FULL_TOKEN);
        HttpResponse<byte[]> missing = api.get(nowhere, FULL_TOKEN);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(TestServer.text(hidden).replace(OTHER_PACKAGE, "ghost"))
                .isEqualTo(TestServer.text(missing));
        assertThat(
                        api.get("/v1/packages/" + OTHER_PACKAGE + "/versions/1/members", FULL_TOKEN)
                                .statusCode())
                .isEqualTo(404);
        assertThat(
                        api.get("/v1/packages/" + OTHER_PACKAGE + "/changes?since=0", FULL_TOKEN)
                                .statusCode())
                .isEqualTo(404);
        // The same package name, not granted: like any unknown one, whether it has versions or not.
        HttpResponse<byte[]> notYetNotGranted =
                api.get("/v1/packages/" + NOT_YET_WRITTEN + "/versions/latest", LIMITED_TOKEN);
        assertThat(TestServer.text(notYetNotGranted).replace(NOT_YET_WRITTEN, "ghost"))
                .isEqualTo(TestServer.text(missing));
        HttpResponse<byte[]> smallNotGranted =
                api.get("/v1/packages/" + SMALL_PACKAGE + "/versions/latest", LIMITED_TOKEN);
        assertThat(TestServer.text(smallNotGranted).replace(SMALL_PACKAGE, "ghost"))
                .isEqualTo(TestServer.text(missing));
        assertThat(
                        api.get("/v1/packages/" + PACKAGE + "/versions/latest", LIMITED_TOKEN)
                                .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theListingShowsTheTokensPackagesWithTheirLatestVersion() throws Exception {
        HttpResponse<byte[]> response = api.get("/v1/packages", FULL_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/json");
        Map<String, JsonNode> latest = new HashMap<>();
        JSON.readTree(response.body())
                .path("packages")
                .forEach(p -> latest.put(p.path("package_id").asText(), p.path("latest")));
        assertThat(latest)
                .containsOnlyKeys(
                        PACKAGE,
                        RAW_PACKAGE,
                        NOT_YET_WRITTEN,
                        SMALL_PACKAGE,
                        EMPTY_PACKAGE,
                        CHAIN_PACKAGE);
        assertThat(latest.get(PACKAGE).path("version").asInt()).isEqualTo(5);
        assertThat(latest.get(PACKAGE).path("member_count").asInt())
                .isEqualTo(published.get(5).size());
        assertThat(latest.get(PACKAGE).path("status").asText()).isEqualTo("PUBLISHED");
        assertThat(latest.get(PACKAGE).has("files")).isFalse();
        assertThat(latest.get(NOT_YET_WRITTEN).isNull()).isTrue();
        assertThat(latest.get(SMALL_PACKAGE).path("status").asText()).isEqualTo("BELOW_MIN_SIZE");
        assertThat(latest.get(SMALL_PACKAGE).path("member_count").asInt()).isZero();
        assertThat(latest.get(EMPTY_PACKAGE).path("status").asText()).isEqualTo("PUBLISHED");
        assertThat(latest.get(EMPTY_PACKAGE).path("version").asInt()).isEqualTo(2);
    }

    @Test
    void aGrantedPackageWithoutAVersionYetSaysSo() throws Exception {
        for (String path :
                List.of(
                        "/versions/latest",
                        "/versions/1",
                        "/versions/latest/members",
                        "/versions/1/members",
                        "/changes?since=0")) {
            HttpResponse<byte[]> notYet =
                    api.get("/v1/packages/" + NOT_YET_WRITTEN + path, FULL_TOKEN);
            assertThat(notYet.statusCode()).as(path).isEqualTo(404);
            JsonNode error = JSON.readTree(notYet.body());
            assertThat(error.path("error").asText()).as(path).isEqualTo("no_version_yet");
            assertThat(error.path("message").asText()).contains(NOT_YET_WRITTEN);
        }
        // A package with versions still answers a version it does not have as plain not found.
        HttpResponse<byte[]> beyond =
                api.get("/v1/packages/" + PACKAGE + "/versions/6", FULL_TOKEN);
        assertThat(JSON.readTree(beyond.body()).path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void packagesWithoutMembersAreServedWithEmptyVersions() throws Exception {
        for (String packageId : List.of(SMALL_PACKAGE, EMPTY_PACKAGE)) {
            String base = "/v1/packages/" + packageId;
            HttpResponse<byte[]> manifest = api.get(base + "/versions/latest", FULL_TOKEN);
            assertThat(manifest.statusCode()).as(packageId).isEqualTo(200);
            JsonNode document = JSON.readTree(manifest.body());
            assertThat(document.path("member_count").asInt()).isZero();
            assertThat(document.path("status").asText())
                    .isEqualTo(packageId.equals(EMPTY_PACKAGE) ? "PUBLISHED" : "BELOW_MIN_SIZE");
            int latest = document.path("version").asInt();
            for (String encoding : List.of("identity", "gzip")) {
                HttpResponse<byte[]> members =
                        api.get(
                                base + "/versions/latest/members",
                                FULL_TOKEN,
                                "Accept-Encoding",
                                encoding);
                assertThat(members.statusCode()).as("%s %s", packageId, encoding).isEqualTo(200);
                assertThat(TestServer.lines(members)).isEmpty();
                assertThat(members.headers().firstValue(PackageRoutes.VERSION_HEADER))
                        .hasValue(Integer.toString(latest));
                String tag = members.headers().firstValue("ETag").orElseThrow();
                assertThat(
                                api.get(
                                                base + "/versions/latest/members",
                                                FULL_TOKEN,
                                                "Accept-Encoding",
                                                encoding,
                                                "If-None-Match",
                                                tag)
                                        .statusCode())
                        .isEqualTo(304);
            }
            for (int since = 0; since <= latest; since++) {
                HttpResponse<byte[]> changes =
                        api.get(base + "/changes?since=" + since, FULL_TOKEN);
                assertThat(changes.statusCode()).as("%s since %d", packageId, since).isEqualTo(200);
                assertThat(changes.headers().firstValue(PackageRoutes.TO_VERSION_HEADER))
                        .hasValue(Integer.toString(latest));
                assertThat(TestServer.lines(changes)).isEmpty();
            }
            for (int version = 1; version <= latest; version++) {
                assertThat(api.get(base + "/versions/" + version, FULL_TOKEN).statusCode())
                        .isEqualTo(200);
            }
        }
        // Members withheld in version 2 too: the three are never revealed, in any direction.
        assertThat(
                        TestServer.lines(
                                api.get(
                                        "/v1/packages/"
                                                + SMALL_PACKAGE
                                                + "/changes?since=1&until=2",
                                        FULL_TOKEN)))
                .isEmpty();
    }

    @Test
    void manifestsAreServedAsTheJobWroteThem() throws Exception {
        Path written =
                root.resolve(PackageLayout.versionOf(new PackageId(PACKAGE), 3))
                        .resolve(PackageLayout.MANIFEST);
        HttpResponse<byte[]> v3 = api.get("/v1/packages/" + PACKAGE + "/versions/3", FULL_TOKEN);
        assertThat(v3.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(v3.body())).isEqualTo(JSON.readTree(Files.readAllBytes(written)));
        assertThat(JSON.readTree(v3.body()).path("status").asText()).isEqualTo("BELOW_MIN_SIZE");
        HttpResponse<byte[]> latest =
                api.get("/v1/packages/" + PACKAGE + "/versions/latest", FULL_TOKEN);
        assertThat(JSON.readTree(latest.body()).path("version").asInt()).isEqualTo(5);
        assertThat(latest.headers().firstValue("Cache-Control").orElseThrow()).contains("no-cache");
        assertThat(v3.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
        assertThat(api.get("/v1/packages/" + PACKAGE + "/versions/6", FULL_TOKEN).statusCode())
                .isEqualTo(404);
    }

    @Test
    void membersComeAsStoredGzipOrDecompressedWithTheSameIds() throws Exception {
        String path = "/v1/packages/" + PACKAGE + "/versions/4/members";
        HttpResponse<byte[]> gzip = api.get(path, FULL_TOKEN, "Accept-Encoding", "gzip, deflate");
        HttpResponse<byte[]> identity = api.get(path, FULL_TOKEN);
        assertThat(gzip.statusCode()).isEqualTo(200);
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        // The stored bytes themselves, not a recompression.
        assertThat(gzip.body())
                .isEqualTo(
                        Files.readAllBytes(
                                root.resolve(PackageLayout.versionOf(new PackageId(PACKAGE), 4))
                                        .resolve(FileRole.MEMBERS.fileName())));
        assertThat(identity.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(identity.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/plain");
        assertThat(TestServer.lines(identity)).containsExactlyElementsOf(published.get(4));
        assertThat(TestServer.lines(gzip)).containsExactlyElementsOf(published.get(4));
        assertThat(gzip.headers().firstValue("X-Fanscore-Version")).hasValue("4");
        assertThat(gzip.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(
                        api.get(path, FULL_TOKEN, "Accept-Encoding", "gzip;q=0")
                                .headers()
                                .firstValue("Content-Encoding"))
                .isEmpty();
    }

    @Test
    void anUnchangedSnapshotIsNotSentAgain() throws Exception {
        String path = "/v1/packages/" + PACKAGE + "/versions/latest/members";
        HttpResponse<byte[]> first = api.get(path, FULL_TOKEN, "Accept-Encoding", "gzip");
        String tag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(tag).startsWith("\"").endsWith("\"");
        HttpResponse<byte[]> again =
                api.get(path, FULL_TOKEN, "Accept-Encoding", "gzip", "If-None-Match", tag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(tag);
        // Another representation has another tag, and another version too.
        String identityTag = api.get(path, FULL_TOKEN).headers().firstValue("ETag").orElseThrow();
        assertThat(identityTag).isNotEqualTo(tag);
        assertThat(api.get(path, FULL_TOKEN, "If-None-Match", tag).statusCode()).isEqualTo(200);
        String v4 = "/v1/packages/" + PACKAGE + "/versions/4/members";
        assertThat(
                        api.get(v4, FULL_TOKEN, "Accept-Encoding", "gzip", "If-None-Match", tag)
                                .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aVersionBelowMinSizeServesNoMembers() throws Exception {
        HttpResponse<byte[]> v3 =
                api.get("/v1/packages/" + PACKAGE + "/versions/3/members", FULL_TOKEN);
        assertThat(v3.statusCode()).isEqualTo(200);
        assertThat(v3.body()).isEmpty();
        HttpResponse<byte[]> v3gzip =
                api.get(
                        "/v1/packages/" + PACKAGE + "/versions/3/members",
                        FULL_TOKEN,
                        "Accept-Encoding",
                        "gzip");
        assertThat(TestServer.body(v3gzip)).isEmpty();
    }

    @Test
    void changesSinceAnyVersionTurnItsMembersIntoTheLatest() throws Exception {
        for (String encoding : List.of("identity", "gzip")) {
            for (int since = 0; since <= 5; since++) {
                HttpResponse<byte[]> changes =
                        api.get(
                                "/v1/packages/" + PACKAGE + "/changes?since=" + since,
                                FULL_TOKEN,
                                "Accept-Encoding",
                                encoding);
                assertThat(changes.statusCode()).as("since %d", since).isEqualTo(200);
                assertThat(changes.headers().firstValue("X-Fanscore-From-Version"))
                        .hasValue(Integer.toString(since));
                assertThat(changes.headers().firstValue("X-Fanscore-To-Version")).hasValue("5");
                List<String> lines = TestServer.lines(changes);
                assertThat(lines)
                        .isSortedAccordingTo((a, b) -> a.substring(1).compareTo(b.substring(1)));
                assertThat(TestServer.apply(published.get(since), lines))
                        .as("members(%d) + changes = members(5)", since)
                        .isEqualTo(published.get(5));
            }
        }
    }

    @Test
    void changesBetweenTwoVersionsAcrossTheWithheldOne() throws Exception {
        for (int since = 0; since <= 5; since++) {
            for (int until = Math.max(1, since); until <= 5; until++) {
                HttpResponse<byte[]> changes =
                        api.get(
                                "/v1/packages/"
                                        + PACKAGE
                                        + "/changes?since="
                                        + since
                                        + "&until="
                                        + until,
                                FULL_TOKEN);
                assertThat(TestServer.apply(published.get(since), TestServer.lines(changes)))
                        .as("members(%d) + changes = members(%d)", since, until)
                        .isEqualTo(published.get(until));
            }
        }
        // Into the withheld version every member is removed; out of it every one comes back.
        List<String> into3 =
                TestServer.lines(
                        api.get(
                                "/v1/packages/" + PACKAGE + "/changes?since=2&until=3",
                                FULL_TOKEN));
        assertThat(into3).hasSize(published.get(2).size()).allMatch(line -> line.startsWith("-"));
    }

    @Test
    void spansOfManyVersionsFromTheirChangesFilesAreExact() throws Exception {
        for (int since = 1; since <= 4; since++) {
            for (int until = since; until <= 4; until++) {
                HttpResponse<byte[]> changes =
                        api.get(
                                "/v1/packages/"
                                        + CHAIN_PACKAGE
                                        + "/changes?since="
                                        + since
                                        + "&until="
                                        + until,
                                FULL_TOKEN,
                                "Accept-Encoding",
                                since % 2 == 0 ? "gzip" : "identity");
                List<String> lines = TestServer.lines(changes);
                assertThat(lines)
                        .isSortedAccordingTo((a, b) -> a.substring(1).compareTo(b.substring(1)));
                assertThat(TestServer.apply(chained.get(since - 1), lines))
                        .as("members(%d) + changes = members(%d)", since, until)
                        .isEqualTo(chained.get(until - 1));
                // 5 ids leave and 5 join per version: a span of n versions changes 10 n ids.
                assertThat(lines).hasSize(10 * (until - since));
            }
        }
    }

    @Test
    void badChangeRangesAreClientErrors() throws Exception {
        String changes = "/v1/packages/" + PACKAGE + "/changes";
        assertThat(api.get(changes, FULL_TOKEN).statusCode()).isEqualTo(400);
        assertThat(api.get(changes + "?since=6", FULL_TOKEN).statusCode()).isEqualTo(400);
        assertThat(api.get(changes + "?since=3&until=2", FULL_TOKEN).statusCode()).isEqualTo(400);
        assertThat(api.get(changes + "?since=1&until=9", FULL_TOKEN).statusCode()).isEqualTo(400);
        assertThat(api.get(changes + "?since=-1", FULL_TOKEN).statusCode()).isEqualTo(400);
        assertThat(api.get(changes + "?since=01", FULL_TOKEN).statusCode()).isEqualTo(400);
        assertThat(api.get(changes + "?since=abc", FULL_TOKEN).statusCode()).isEqualTo(400);
        assertThat(api.get(changes + "?since=99999999999", FULL_TOKEN).statusCode()).isEqualTo(400);
        HttpResponse<byte[]> none = api.get(changes + "?since=5", FULL_TOKEN);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).isEmpty();
    }

    @Test
    void rawFanIdsLeaveOnlyForATokenAllowedThem() throws Exception {
        String members = "/v1/packages/" + RAW_PACKAGE + "/versions/1/members";
        HttpResponse<byte[]> refused = api.get(members, LIMITED_TOKEN);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(TestServer.text(refused))
                .contains("raw_ids_not_allowed")
                .doesNotContain("fan-1");
        assertThat(
                        api.get("/v1/packages/" + RAW_PACKAGE + "/changes?since=0", LIMITED_TOKEN)
                                .statusCode())
                .isEqualTo(403);
        // The manifest holds no ids and stays readable.
        assertThat(
                        api.get("/v1/packages/" + RAW_PACKAGE + "/versions/1", LIMITED_TOKEN)
                                .statusCode())
                .isEqualTo(200);
        HttpResponse<byte[]> allowed = api.get(members, FULL_TOKEN);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(TestServer.lines(allowed)).containsExactly("fan-1", "fan-2", "fan-3");
    }

    @Test
    void healthAndMetricsNeedNoTokenAndCountWhatWasServed() throws Exception {
        assertThat(api.get("/healthz", null).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> members =
                api.get(
                        "/v1/packages/" + PACKAGE + "/versions/5/members",
                        FULL_TOKEN,
                        "Accept-Encoding",
                        "gzip");
        api.get("/v1/packages/ghost/versions/latest", FULL_TOKEN);
        HttpResponse<byte[]> scrape = api.get("/metrics", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        String metrics = TestServer.text(scrape);
        assertThat(metrics)
                .contains(
                        "fanscore_audience_api_requests_total{route=\"/v1/packages/{id}/versions/{v}/members\",status=\"200\"}")
                .contains(
                        "fanscore_audience_api_requests_total{route=\"/v1/packages/{id}/versions/{v}\",status=\"404\"}")
                .contains(
                        "fanscore_audience_api_request_duration_seconds_bucket{route=\"/v1/packages/{id}/versions/{v}/members\"")
                .contains(
                        "fanscore_audience_package_members{package=\""
                                + PACKAGE
                                + "\"} "
                                + published.get(5).size()
                                + ".0")
                .doesNotContain("package=\"" + OTHER_PACKAGE + "\"");
        double bytes =
                api.metric(
                        "fanscore_audience_api_response_bytes_total{route=\"/v1/packages/{id}/versions/{v}/members\"}");
        assertThat(bytes).isGreaterThanOrEqualTo(members.body().length);
    }
}
