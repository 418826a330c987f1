package io.fanscore.audience.api;

import io.fanscore.audience.store.CorruptVersionException;
import io.fanscore.audience.store.MemberIndexCache;
import io.fanscore.audience.store.PackageStore;
import io.fanscore.packageformat.LocalPackageTree;
import io.fanscore.packageformat.PackageTreeReader;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The audience API: the HTTP service ad systems pull audience packages from. Javalin on Jetty 12,
 * bounded in threads, queued requests, connections, header sizes and client speed.
 */
public final class AudienceApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AudienceApiServer.class);

    private static final String REALM = "Bearer realm=\"fanscore-audience\"";

    /** The API only serves GETs; a body is never read. */
    private static final long MAX_REQUEST_BODY_BYTES = 16 * 1024;

    private final Javalin app;
    private final String host;
    private final PackageTreeReader tree;

    private AudienceApiServer(Javalin app, String host, PackageTreeReader tree) {
        this.app = app;
        this.host = host;
        this.tree = tree;
    }

    /** Starts serving {@code packagesRoot}; port 0 picks a free port (see {@link #port()}). */
    public static AudienceApiServer start(AudienceApiConfig config, Path packagesRoot) {
        return start(config, new LocalPackageTree(packagesRoot));
    }

    /**
     * Starts serving the packages of {@code tree}, a local directory or an object store; closing
     * the server closes the tree's client.
     */
    public static AudienceApiServer start(AudienceApiConfig config, PackageTreeReader tree) {
        PackageStore store = new PackageStore(tree);
        ApiMetrics metrics = new ApiMetrics(store, config.grantedPackages());
        MemberIndexCache memberIndexes =
                MemberIndexCache.over(store, config.limits().memberCheckCachePackages());
        PackageRoutes packages = new PackageRoutes(store, memberIndexes, metrics);
        BearerAuthenticator authenticator = new BearerAuthenticator(config.tokens());
        Javalin app =
                Javalin.create(
                        javalin -> {
                            configureServer(javalin, config);
                            javalin.requestLogger.http(
                                    (ctx, millis) ->
                                            metrics.observe(
                                                    ApiMetrics.routeOf(ctx),
                                                    ctx.statusCode(),
                                                    millis / 1000.0,
                                                    ResponseBodies.bytesSent(ctx)));
                            javalin.routes.get("/healthz", ctx -> health(ctx, store));
                            javalin.routes.get("/metrics", ctx -> scrape(ctx, metrics));
                            javalin.routes.before("/v1/*", ctx -> authenticate(ctx, authenticator));
                            javalin.routes.get("/v1/packages", packages::list);
                            javalin.routes.get(
                                    "/v1/packages/{id}/versions/{v}", packages::manifest);
                            javalin.routes.get(
                                    "/v1/packages/{id}/versions/{v}/members", packages::members);
                            javalin.routes.get("/v1/packages/{id}/changes", packages::changes);
                            javalin.routes.get(
                                    "/v1/packages/{id}/members/{member_id}", packages::memberCheck);
                            mapErrors(javalin);
                        });
        app.start();
        if (config.tokens().isEmpty()) {
            LOG.warn("No tokens configured: every /v1 request will be refused");
        }
        LOG.info(
                "Audience API on http://{}:{}/ serving {} for {} token(s)",
                config.host(),
                app.port(),
                store.location(),
                config.tokens().size());
        return new AudienceApiServer(app, config.host(), tree);
    }

    public int port() {
        return app.port();
    }

    public URI baseUri() {
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then stops the server. */
    public void serveUntilShutdown() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    close();
                                    stopped.countDown();
                                },
                                "audience-api-stop"));
        stopped.await();
    }

    @Override
    public void close() {
        app.stop();
        if (tree instanceof AutoCloseable client) {
            try {
                client.close();
            } catch (Exception e) {
                LOG.warn("Closing the client of {} failed", tree.location(), e);
            }
        }
    }

    private static void configureServer(JavalinConfig javalin, AudienceApiConfig config) {
        ServerLimits limits = config.limits();
        javalin.startup.showJavalinBanner = false;
        javalin.startup.showOldJavalinVersionWarning = false;
        // Member files are stored as gzip and passed through; nothing is compressed twice.
        javalin.http.compressionStrategy = CompressionStrategy.NONE;
        javalin.http.generateEtags = false;
        javalin.http.maxRequestSize = MAX_REQUEST_BODY_BYTES;
        javalin.jetty.threadPool = threadPool(limits);
        javalin.jetty.modifyHttpConfiguration(
                http -> {
                    http.setRequestHeaderSize(limits.maxRequestHeaderBytes());
                    http.setMinResponseDataRate(limits.minResponseBytesPerSecond());
                    http.setSendServerVersion(false);
                    http.setSendXPoweredBy(false);
                });
        javalin.jetty.addConnector(
                (server, http) -> {
                    ServerConnector connector =
                            new ServerConnector(server, new HttpConnectionFactory(http));
                    connector.setHost(config.host());
                    connector.setPort(config.port());
                    connector.setIdleTimeout(limits.idleTimeoutMs());
                    return connector;
                });
        javalin.jetty.modifyServer(
                server -> {
                    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
                    server.setErrorHandler(quietErrors());
                });
        javalin.jetty.modifyServletContextHandler(
                context -> context.setErrorHandler(quietErrors()));
    }

    /** A fixed number of threads; the connection limit bounds what waits for them. */
    private static QueuedThreadPool threadPool(ServerLimits limits) {
        QueuedThreadPool pool =
                new QueuedThreadPool(limits.maxThreads(), Math.min(8, limits.maxThreads()));
        pool.setName("audience-api");
        return pool;
    }

    /** Errors Jetty answers itself (bad URI, headers too large) never show stack traces. */
    private static ErrorHandler quietErrors() {
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        errors.setShowMessageInTitle(false);
        return errors;
    }

    private static void authenticate(Context ctx, BearerAuthenticator authenticator) {
        String authorization = ctx.header("Authorization");
        TokenGrant grant =
                authenticator
                        .authenticate(authorization)
                        .orElseThrow(
                                () ->
                                        new ApiException(
                                                401,
                                                "unauthorized",
                                                authorization == null
                                                        ? "a bearer token is required"
                                                        : "the bearer token is not valid"));
        ctx.attribute(PackageRoutes.GRANT, grant);
    }

    private static void health(Context ctx, PackageStore store) {
        boolean readable = store.isReadable();
        ResponseBodies.json(
                ctx,
                readable ? 200 : 503,
                ResponseBodies.object().put("status", readable ? "ok" : "packages unreadable"));
    }

    private static void scrape(Context ctx, ApiMetrics metrics) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        metrics.write(text);
        byte[] body = text.toByteArray();
        ctx.contentType(metrics.contentType()).result(body);
        ResponseBodies.recordBytes(ctx, () -> body.length);
    }

    /** Clients get a status and a short JSON reason; details and stack traces go to the log. */
    private static void mapErrors(JavalinConfig javalin) {
        javalin.routes.exception(
                ApiException.class,
                (e, ctx) -> {
                    if (e.status() == 401) {
                        ctx.header(
                                "WWW-Authenticate",
                                ctx.header("Authorization") == null
                                        ? REALM
                                        : REALM + ", error=\"invalid_token\"");
                    }
                    ResponseBodies.error(ctx, e.status(), e.code(), e.getMessage());
                });
        javalin.routes.exception(
                CorruptVersionException.class,
                (e, ctx) -> {
                    LOG.warn("Cannot serve {}: {}", ctx.path(), e.getMessage());
                    ResponseBodies.error(
                            ctx,
                            500,
                            "version_unreadable",
                            "version "
                                    + e.version()
                                    + " of package '"
                                    + e.packageId()
                                    + "' cannot be served; the operator's log has the details");
                });
        javalin.routes.exception(
                HttpResponseException.class,
                (e, ctx) ->
                        ResponseBodies.error(
                                ctx, e.getStatus(), "http_" + e.getStatus(), e.getMessage()));
        javalin.routes.exception(
                Exception.class,
                (e, ctx) -> {
                    LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
                    ResponseBodies.error(ctx, 500, "internal", "internal error");
                });
    }
}
