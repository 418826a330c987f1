package io.fanscore.audience.api;

import io.fanscore.audience.s3.S3Bucket;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three audience APIs for comparing stores: two replicas over one bucket prefix and one over the
 * same tree in a local directory, all granting one token every package the tests name.
 */
public final class S3TestApis implements AutoCloseable {

    private static final String TOKEN = AccessToken.generate();
    private static final List<String> PACKAGES =
            List.of("acme-devoted", "acme-chain", "acme-raw", "acme-growing", "acme-replaced");

    /** Response headers that say what the body is, compared across stores. */
    private static final List<String> COMPARED_HEADERS =
            List.of(
                    "ETag",
                    "Content-Encoding",
                    "Content-Type",
                    "Cache-Control",
                    PackageRoutes.VERSION_HEADER,
                    PackageRoutes.FROM_VERSION_HEADER,
                    PackageRoutes.TO_VERSION_HEADER);

    private final TestServer local;
    private final List<TestServer> replicas;

    private S3TestApis(TestServer local, List<TestServer> replicas) {
        this.local = local;
        this.replicas = replicas;
    }

    public static S3TestApis start(
            Path localRoot, S3Bucket bucket, String prefix, ServerLimits limits) {
        TokenGrant grant = TestServer.grant("ads", TOKEN, PACKAGES, List.of());
        TestServer local = TestServer.start(localRoot, limits, grant);
        List<TestServer> replicas = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            replicas.add(TestServer.start(bucket.tree(prefix), limits, grant));
        }
        return new S3TestApis(local, replicas);
    }

    /** One replica over the bucket. */
    public Replica s3Replica(int index) {
        return new Replica(replicas.get(index));
    }

    /** Status, compared headers and body of each replica equal the local directory's answer. */
    public void assertSameAnswers(String path, String... headers) throws Exception {
        HttpResponse<byte[]> expected = local.get(path, TOKEN, headers);
        for (TestServer replica : replicas) {
            HttpResponse<byte[]> actual = replica.get(path, TOKEN, headers);
            assertThat(actual.statusCode()).as(path + " status").isEqualTo(expected.statusCode());
            for (String header : COMPARED_HEADERS) {
                assertThat(actual.headers().firstValue(header))
                        .as(path + " " + header)
                        .isEqualTo(expected.headers().firstValue(header));
            }
            assertThat(actual.body()).as(path + " body").isEqualTo(expected.body());
        }
    }

    public static List<String> lines(HttpResponse<byte[]> response) {
        return TestServer.lines(response);
    }

    public static String text(HttpResponse<byte[]> response) {
        return TestServer.text(response);
    }

    public static Set<String> apply(Set<String> members, List<String> changes) {
        return TestServer.apply(members, changes);
    }

    @Override
    public void close() {
        local.close();
        replicas.forEach(TestServer::close);
    }

    /** A replica, asked with the shared token. */
    public static final class Replica {
        private final TestServer server;

        private Replica(TestServer server) {
            this.server = server;
        }

        /** {@code GET path} with {@code Accept-Encoding: encoding} and more headers. */
        public HttpResponse<byte[]> get(String path, String encoding, String... headers)
                throws Exception {
            List<String> all = new ArrayList<>(List.of("Accept-Encoding", encoding));
            all.addAll(List.of(headers));
            return server.get(path, TOKEN, all.toArray(String[]::new));
        }

        public int health() throws Exception {
            return server.get("/healthz", null).statusCode();
        }
    }
}
