package io.fanscore.cli.console;

import io.fanscore.audience.api.AccessToken;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The web console: one page with live charts (ECharts, served from its WebJar), what it reads as
 * JSON, a fan's explanation, and the latest simulate report. Everything but the charting library
 * needs the console's token: as {@code ?token=} on the pages a browser opens, as a bearer token on
 * the JSON the page fetches.
 */
public final class ConsoleServer implements AutoCloseable {

    /** The ECharts build inside its WebJar (org.webjars.npm:echarts, pinned in the parent POM). */
    static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    /** A fan's explanation as JSON ({@code json}), or why there is none ({@code problem}). */
    public record Explained(String json, String problem) {}

    /** Explains one pair from the newest checkpoint. */
    public interface Explainer {
        Explained explain(String creator, String fan) throws Exception;
    }

    private final Javalin app;
    private final String host;

    private ConsoleServer(Javalin app, String host) {
        this.app = app;
        this.host = host;
    }

    /** Starts serving on {@code host}:{@code port} (0: a free port). */
    public static ConsoleServer start(
            String host,
            int port,
            String token,
            ConsoleOverview overview,
            Path report,
            Explainer explainer) {
        byte[] tokenHash = AccessToken.sha256(token);
        // Read once: the library alone is a megabyte.
        byte[] page = resource("/console/index.html");
        byte[] echarts = resource(ECHARTS);
        Javalin app =
                Javalin.create(
                        javalin -> {
                            javalin.startup.showJavalinBanner = false;
                            javalin.startup.showOldJavalinVersionWarning = false;
                            javalin.jetty.addConnector(
                                    (server, http) -> {
                                        ServerConnector connector =
                                                new ServerConnector(
                                                        server, new HttpConnectionFactory(http));
                                        connector.setHost(host);
                                        connector.setPort(port);
                                        return connector;
                                    });
                            javalin.routes.get(
                                    "/assets/echarts.min.js",
                                    ctx ->
                                            ctx.contentType("application/javascript")
                                                    .result(echarts));
                            javalin.routes.get(
                                    "/",
                                    ctx -> {
                                        if (allowed(ctx.queryParam("token"), tokenHash, ctx)) {
                                            ctx.contentType("text/html; charset=utf-8")
                                                    .result(page);
                                        }
                                    });
                            javalin.routes.get(
                                    "/report",
                                    ctx -> {
                                        if (allowed(ctx.queryParam("token"), tokenHash, ctx)) {
                                            report(ctx, report);
                                        }
                                    });
                            javalin.routes.get(
                                    "/api/overview",
                                    ctx -> {
                                        if (allowed(bearer(ctx), tokenHash, ctx)) {
                                            ctx.contentType("application/json")
                                                    .result(overview.json());
                                        }
                                    });
                            javalin.routes.get(
                                    "/api/explain",
                                    ctx -> {
                                        if (allowed(bearer(ctx), tokenHash, ctx)) {
                                            explain(ctx, explainer);
                                        }
                                    });
                        });
        app.start();
        return new ConsoleServer(app, host);
    }

    public int port() {
        return app.port();
    }

    public URI baseUri() {
        return URI.create("http://" + host + ":" + port() + "/");
    }

    @Override
    public void close() {
        app.stop();
    }

    private static boolean allowed(String given, byte[] tokenHash, Context ctx) {
        if (given != null && MessageDigest.isEqual(AccessToken.sha256(given), tokenHash)) {
            return true;
        }
        ctx.status(401)
                .contentType("text/plain")
                .result("token required: open the URL the console printed when it started\n");
        return false;
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
    }

    private static void report(Context ctx, Path report) throws IOException {
        if (report == null || !Files.isRegularFile(report)) {
            ctx.status(404)
                    .contentType("text/plain")
                    .result("no simulate report yet: run ./fanscore simulate\n");
            return;
        }
        ctx.contentType("text/html; charset=utf-8").result(Files.readAllBytes(report));
    }

    private static void explain(Context ctx, Explainer explainer) throws Exception {
        String creator = ctx.queryParam("creator");
        String fan = ctx.queryParam("fan");
        if (creator == null || creator.isBlank() || fan == null || fan.isBlank()) {
            ctx.status(400).contentType("text/plain").result("give creator and fan\n");
            return;
        }
        Explained answer;
        try {
            answer = explainer.explain(creator, fan);
        } catch (Exception e) {
            // A checkpoint being written or cleaned up as it was read: say so, the next try works.
            ctx.status(503)
                    .contentType("text/plain")
                    .result("could not read the checkpoint: " + e + "\n");
            return;
        }
        if (answer.json() == null) {
            ctx.status(404).contentType("text/plain").result(answer.problem() + "\n");
            return;
        }
        ctx.contentType("application/json").result(answer.json());
    }

    private static byte[] resource(String name) {
        try (InputStream in = ConsoleServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
