package io.fanscore.audience.api;

import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.PackageTreeReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/** An audience API on a free 127.0.0.1 port, and a java.net.http client for it. */
final class TestServer implements AutoCloseable {

    final AudienceApiServer server;
    final HttpClient client =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    private TestServer(AudienceApiServer server) {
        this.server = server;
    }

    static TestServer start(Path root, ServerLimits limits, TokenGrant... grants) {
        AudienceApiConfig config =
                new AudienceApiConfig("127.0.0.1", 0, Optional.empty(), limits, List.of(grants));
        return new TestServer(AudienceApiServer.start(config, root));
    }

    /** Over any package tree (an object store's); the server closes the tree's client. */
    static TestServer start(PackageTreeReader tree, ServerLimits limits, TokenGrant... grants) {
        AudienceApiConfig config =
                new AudienceApiConfig("127.0.0.1", 0, Optional.empty(), limits, List.of(grants));
        return new TestServer(AudienceApiServer.start(config, tree));
    }

    static TokenGrant grant(String name, String token, List<String> packages, List<String> raw) {
        return new TokenGrant(
                name,
                AccessToken.sha256(token),
                packages.stream()
                        .map(PackageId::new)
                        .collect(Collectors.toCollection(TreeSet::new)),
                raw.stream().map(PackageId::new).collect(Collectors.toUnmodifiableSet()));
    }

    int port() {
        return server.port();
    }

    HttpResponse<byte[]> get(String path, String token, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                        .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(body(response), StandardCharsets.UTF_8);
    }

    /** The body as the client means it: gunzipped when the server said gzip. */
    static byte[] body(HttpResponse<byte[]> response) {
        if (response.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
            try (InputStream in =
                    new GZIPInputStream(new java.io.ByteArrayInputStream(response.body()))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new AssertionError("not gzip", e);
            }
        }
        return response.body();
    }

    static List<String> lines(HttpResponse<byte[]> response) {
        String text = text(response);
        return text.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(text.split("\n")));
    }

    /**
     * members(from) + changes = the result, failing on an add of a present or a remove of an absent
     * id.
     */
    static Set<String> apply(Set<String> members, List<String> changes) {
        Set<String> result = new TreeSet<>(members);
        for (String line : changes) {
            String id = line.substring(1);
            boolean applied = line.charAt(0) == '+' ? result.add(id) : result.remove(id);
            if (!applied) {
                throw new AssertionError("change " + line + " does not apply");
            }
        }
        return result;
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** A sample of the Prometheus text, e.g. {@code name{label="x"}}; 0 when absent. */
    double metric(String series) throws Exception {
        return text(get("/metrics", null))
                .lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst()
                .orElse(0);
    }

    @Override
    public void close() {
        server.close();
    }
}
