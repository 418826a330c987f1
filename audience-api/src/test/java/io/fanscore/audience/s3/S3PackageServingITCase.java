package io.fanscore.audience.s3;

import io.fanscore.audience.api.S3TestApis;
import io.fanscore.audience.api.ServerLimits;
import io.fanscore.audience.testutils.PackageTreeFixture;
import io.fanscore.locals3.LocalS3Server;
import io.fanscore.packageformat.PackageLayout;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API serving package versions from a real S3-protocol server (s3proxy on loopback, AWS
 * signatures checked): two replicas over the bucket answer every route exactly as one over the same
 * tree in a local directory does, bodies, status and entity tags alike; new versions appear without
 * a restart; a version whose manifest is not there yet is not served; and a file replaced after its
 * check is refused, never served unchecked.
 */
class S3PackageServingITCase {

    private static final String BUCKET = "fanscore-packages";
    private static final String PREFIX = "prod/packages";
    private static final String PACKAGE = "acme-devoted";
    private static final String CHAIN = "acme-chain";
    private static final String RAW = "acme-raw";
    private static final int MIN_SIZE = 50;

    @TempDir static Path workDir;

    private static LocalS3Server s3;
    private static S3Bucket bucket;
    private static PackageTreeFixture fixture;
    private static S3TestApis apis;

    @BeforeAll
    static void uploadTreeAndStart() throws Exception {
        s3 =
                LocalS3Server.start(
                        LocalS3Server.libDirOfBuild(),
                        Files.createDirectories(workDir.resolve("s3")),
                        BUCKET);
        bucket = new S3Bucket(s3, BUCKET);
        fixture = new PackageTreeFixture(Files.createDirectories(workDir.resolve("local")));
        int[][] spans = {{0, 100}, {20, 110}, {0, 10}, {30, 130}};
        for (int v = 1; v <= spans.length; v++) {
            fixture.write(
                    PACKAGE,
                    v,
                    PackageTreeFixture.sha256Ids("salt", spans[v - 1][0], spans[v - 1][1]),
                    MIN_SIZE,
                    "sha256");
        }
        for (int v = 1; v <= 4; v++) {
            fixture.write(CHAIN, v, PackageTreeFixture.sha256Ids("chain", 5 * v, 400), 1, "sha256");
        }
        fixture.write(RAW, 1, List.of("fan-1", "fan-2", "fan-3"), 1, "raw");
        bucket.upload(fixture.root(), PREFIX);
        apis = S3TestApis.start(fixture.root(), bucket, PREFIX, ServerLimits.DEFAULTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (apis != null) {
            apis.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    /** Every route and its variants: the replicas over S3 answer as the local directory does. */
    @Test
    void replicasOverTheBucketAnswerEveryRouteAsTheLocalTreeDoes() throws Exception {
        List<String> paths = new ArrayList<>();
        paths.add("/v1/packages");
        for (String id : List.of(PACKAGE, CHAIN)) {
            paths.add("/v1/packages/" + id + "/versions/latest");
            paths.add("/v1/packages/" + id + "/versions/latest/members");
            for (int v = 1; v <= 4; v++) {
                paths.add("/v1/packages/" + id + "/versions/" + v);
                paths.add("/v1/packages/" + id + "/versions/" + v + "/members");
                paths.add("/v1/packages/" + id + "/changes?since=" + (v - 1));
            }
            paths.add("/v1/packages/" + id + "/changes?since=1&until=3"); // a chain or a diff
            paths.add("/v1/packages/" + id + "/changes?since=0&until=4");
            paths.add("/v1/packages/" + id + "/versions/9"); // not there: 404 alike
        }
        paths.add("/v1/packages/" + PACKAGE + "/members/" + firstMember(4));
        paths.add("/v1/packages/" + PACKAGE + "/members/" + "0".repeat(64));
        paths.add("/v1/packages/" + RAW + "/versions/1/members"); // refused alike (raw ids)
        paths.add("/v1/packages/unknown/versions/latest");
        for (String path : paths) {
            for (String encoding : List.of("gzip", "identity")) {
                apis.assertSameAnswers(path, "Accept-Encoding", encoding);
            }
        }
        HttpResponse<byte[]> members =
                apis.s3Replica(0).get("/v1/packages/" + PACKAGE + "/versions/4/members", "gzip");
        assertThat(members.statusCode()).isEqualTo(200);
        String tag = members.headers().firstValue("ETag").orElseThrow();
        for (int replica = 0; replica < 2; replica++) {
            assertThat(
                            apis.s3Replica(replica)
                                    .get(
                                            "/v1/packages/" + PACKAGE + "/versions/4/members",
                                            "gzip",
                                            "If-None-Match",
                                            tag)
                                    .statusCode())
                    .isEqualTo(304);
        }
        assertThat(apis.s3Replica(1).health()).isEqualTo(200);
    }

    /**
     * A version appears once its manifest is stored, without a restart; its files alone (the
     * publish stopped before the manifest) are not a version.
     */
    @Test
    void aNewVersionAppearsWithItsManifestAndNotBefore() throws Exception {
        String id = "acme-growing";
        fixture.write(id, 1, PackageTreeFixture.sha256Ids("g", 0, 80), MIN_SIZE, "sha256");
        bucket.upload(fixture.root().resolve(id), PREFIX + "/" + id);
        assertThat(latestVersionHeader(id)).isEqualTo("1");

        fixture.write(id, 2, PackageTreeFixture.sha256Ids("g", 10, 90), MIN_SIZE, "sha256");
        Path version2 = fixture.versionDir(id, 2);
        String key2 = PREFIX + "/" + id + "/" + PackageLayout.VERSIONS + "/2/";
        try (var client = bucket.client()) {
            bucket.put(client, key2 + "members.txt.gz", version2.resolve("members.txt.gz"));
            bucket.put(client, key2 + "changes.txt.gz", version2.resolve("changes.txt.gz"));
            assertThat(latestVersionHeader(id)).isEqualTo("1");
            assertThat(
                            apis.s3Replica(0)
                                    .get("/v1/packages/" + id + "/versions/2", "gzip")
                                    .statusCode())
                    .isEqualTo(404);
            bucket.put(client, key2 + "manifest.json", version2.resolve("manifest.json"));
        }
        assertThat(latestVersionHeader(id)).isEqualTo("2");
        HttpResponse<byte[]> changes =
                apis.s3Replica(1).get("/v1/packages/" + id + "/changes?since=1", "identity");
        Set<String> expected = new TreeSet<>(PackageTreeFixture.sha256Ids("g", 10, 90));
        Set<String> from = new TreeSet<>(PackageTreeFixture.sha256Ids("g", 0, 80));
        assertThat(S3TestApis.apply(from, S3TestApis.lines(changes))).isEqualTo(expected);
    }

    /**
     * A file replaced in the bucket after the API checked it: the replica that checked it refuses
     * it (the object is fetched only at the revision checked), the next request checks it again.
     */
    @Test
    void aFileReplacedAfterItsCheckIsRefusedNotServed() throws Exception {
        String id = "acme-replaced";
        fixture.write(id, 1, PackageTreeFixture.sha256Ids("r", 0, 70), MIN_SIZE, "sha256");
        bucket.upload(fixture.root().resolve(id), PREFIX + "/" + id);
        String path = "/v1/packages/" + id + "/versions/1/members";
        assertThat(apis.s3Replica(0).get(path, "gzip").statusCode()).isEqualTo(200);

        String key = PREFIX + "/" + id + "/" + PackageLayout.VERSIONS + "/1/members.txt.gz";
        bucket.put(key, "not the checked bytes".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> refused = apis.s3Replica(0).get(path, "gzip");
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(S3TestApis.text(refused)).contains("version_unreadable");
        // Checked again, and still not the manifest's bytes.
        assertThat(apis.s3Replica(0).get(path, "gzip").statusCode()).isEqualTo(500);
        assertThat(apis.s3Replica(1).get(path, "identity").statusCode()).isEqualTo(500);

        // Put back, it is served again without a restart.
        try (var client = bucket.client()) {
            bucket.put(client, key, fixture.versionDir(id, 1).resolve("members.txt.gz"));
        }
        assertThat(apis.s3Replica(0).get(path, "gzip").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnreachableBucketIsUnhealthy() throws Exception {
        try (S3PackageTree missing = bucket.tree("x")) {
            assertThat(missing.isReadable()).isTrue(); // an empty prefix is a readable tree
        }
        S3Bucket absent = new S3Bucket(s3, "no-such-bucket");
        try (S3PackageTree tree = absent.tree("")) {
            assertThat(tree.isReadable()).isFalse();
        }
    }

    private static String firstMember(int version) throws Exception {
        return S3TestApis.lines(
                        apis.s3Replica(0)
                                .get(
                                        "/v1/packages/"
                                                + PACKAGE
                                                + "/versions/"
                                                + version
                                                + "/members",
                                        "identity"))
                .get(0);
    }

    private static String latestVersionHeader(String id) throws Exception {
        return apis.s3Replica(0)
                .get("/v1/packages/" + id + "/versions/latest", "gzip")
                .headers()
                .firstValue("X-Fanscore-Version")
                .orElse("none");
    }
}
