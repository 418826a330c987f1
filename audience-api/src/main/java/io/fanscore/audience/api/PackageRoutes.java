package io.fanscore.audience.api;

import io.fanscore.audience.store.CorruptVersionException;
import io.fanscore.audience.store.MemberIndexCache;
import io.fanscore.audience.store.PackageStore;
import io.fanscore.packageformat.ChangeChain;
import io.fanscore.packageformat.FastGzip;
import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.MemberDiff;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;

/**
 * The package endpoints. A package the token may not read answers exactly like one that does not
 * exist, so tokens cannot discover other packages. A package the token may read is served from its
 * first version on, empty or {@code BELOW_MIN_SIZE} versions included (SPEC §8 v2); before that it
 * answers {@code 404 no_version_yet}, which says nothing the token's own grant does not already
 * say.
 */
final class PackageRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(PackageRoutes.class);

    static final String GRANT = "fanscore.grant";

    static final String FROM_VERSION_HEADER = "X-Fanscore-From-Version";
    static final String TO_VERSION_HEADER = "X-Fanscore-To-Version";
    static final String VERSION_HEADER = "X-Fanscore-Version";

    private static final String TEXT_TYPE = "text/plain; charset=utf-8";

    /** Numbered versions never change; {@code latest} and open-ended changes do. */
    private static final String IMMUTABLE = "private, max-age=31536000, immutable";

    private static final String REVALIDATE = "private, no-cache";

    private final PackageStore store;
    private final MemberIndexCache memberIndexes;
    private final ApiMetrics metrics;

    PackageRoutes(PackageStore store, MemberIndexCache memberIndexes, ApiMetrics metrics) {
        this.store = store;
        this.memberIndexes = memberIndexes;
        this.metrics = metrics;
    }

    /** {@code GET /v1/packages}: every package of the token with its latest version, or null. */
    void list(Context ctx) throws IOException {
        ArrayNode packages = ResponseBodies.object().arrayNode();
        for (PackageId id : grant(ctx).packages()) {
            ObjectNode entry = packages.addObject().put("package_id", id.value());
            try {
                entry.set("latest", store.latest(id).map(ManifestSummary::of).orElse(null));
            } catch (CorruptVersionException e) {
                LOG.warn("Listing without the latest version: {}", e.getMessage());
                entry.putNull("latest");
                entry.put("latest_unreadable", true);
            }
        }
        ResponseBodies.json(ctx, 200, ResponseBodies.object().set("packages", packages));
    }

    /** {@code GET /v1/packages/{id}/versions/{v}}: the manifest as the job wrote it. */
    void manifest(Context ctx) throws IOException, CorruptVersionException {
        PackageId id = readablePackage(ctx);
        OptionalInt requested = VersionParameter.pathVersion(ctx.pathParam("v"));
        VersionManifest manifest = existingVersion(id, requested);
        ctx.header("Cache-Control", requested.isPresent() ? IMMUTABLE : REVALIDATE);
        ctx.header(VERSION_HEADER, Integer.toString(manifest.version()));
        ResponseBodies.json(ctx, 200, manifest.document());
    }

    /** {@code GET /v1/packages/{id}/versions/{v}/members}: the snapshot, streamed. */
    void members(Context ctx) throws IOException, CorruptVersionException {
        PackageId id = readablePackage(ctx);
        OptionalInt requested = VersionParameter.pathVersion(ctx.pathParam("v"));
        VersionManifest manifest = existingVersion(id, requested);
        requireIdsMayLeave(ctx, manifest);
        Path file = store.verifiedFile(manifest, FileRole.MEMBERS);
        boolean gzip = AcceptEncoding.acceptsGzip(ctx.header("Accept-Encoding"));
        ctx.header(VERSION_HEADER, Integer.toString(manifest.version()));
        ctx.header("Cache-Control", requested.isPresent() ? IMMUTABLE : REVALIDATE);
        String tag = EntityTag.strong("m-" + manifest.members().sha256() + (gzip ? "-gz" : ""));
        if (notModified(ctx, tag)) {
            return;
        }
        sendStoredFile(ctx, file, manifest.members().bytes(), gzip);
    }

    /**
     * {@code GET /v1/packages/{id}/members/{member_id}}: whether exactly this id is a member of the
     * latest version, for a service deciding one fan at a time. Answered from the version's index
     * in memory, never by reading the file per request; there is no prefix or wildcard to ask.
     */
    void memberCheck(Context ctx) throws IOException, CorruptVersionException {
        PackageId id = readablePackage(ctx);
        String memberId = MemberIdParameter.check(ctx.pathParam("member_id"));
        VersionManifest latest = store.latest(id).orElseThrow(() -> noVersionYet(id));
        requireIdsMayLeave(ctx, latest);
        MemberIdParameter.requireShapeOf(latest.idFormat(), memberId);
        // A BELOW_MIN_SIZE version's members file is empty, so it has no members here either.
        boolean member = memberIndexes.index(latest).contains(memberId);
        ctx.header(VERSION_HEADER, Integer.toString(latest.version()));
        ctx.header("Cache-Control", REVALIDATE);
        ResponseBodies.json(
                ctx,
                200,
                ResponseBodies.object()
                        .put("package_id", id.value())
                        .put("version", latest.version())
                        .put("member_id", memberId)
                        .put("member", member));
    }

    /**
     * {@code GET /v1/packages/{id}/changes?since=v[&until=u]}: {@code +id} and {@code -id} lines,
     * sorted by id, that turn the members of v into those of u (default: the latest version).
     */
    void changes(Context ctx) throws IOException, CorruptVersionException {
        PackageId id = readablePackage(ctx);
        String sinceParameter = ctx.queryParam("since");
        if (sinceParameter == null) {
            throw ApiException.badRequest("since is required (0 for everything)");
        }
        int since = VersionParameter.parse("since", sinceParameter);
        int latest = store.latestVersion(id).orElseThrow(() -> noVersionYet(id));
        String untilParameter = ctx.queryParam("until");
        int until =
                untilParameter == null ? latest : VersionParameter.parse("until", untilParameter);
        if (until < 1 || until > latest) {
            throw ApiException.badRequest(
                    "until must be between 1 and the latest version " + latest);
        }
        if (since > until) {
            throw ApiException.badRequest(
                    "since "
                            + since
                            + " is after version "
                            + until
                            + " (latest is "
                            + latest
                            + ")");
        }
        VersionManifest to = retainedVersion(id, until);
        VersionManifest from = since == 0 ? null : retainedVersion(id, since);
        requireIdsMayLeave(ctx, to);
        if (from != null) {
            requireIdsMayLeave(ctx, from);
            if (from.idFormat() != to.idFormat()) {
                throw new ApiException(
                        409,
                        "id_format_changed",
                        "the id format changed between versions "
                                + since
                                + " and "
                                + until
                                + "; pull the members of "
                                + until
                                + " instead");
            }
        }
        ctx.header(FROM_VERSION_HEADER, Integer.toString(since));
        ctx.header(TO_VERSION_HEADER, Integer.toString(until));
        ctx.header("Cache-Control", untilParameter != null ? IMMUTABLE : REVALIDATE);
        boolean gzip = AcceptEncoding.acceptsGzip(ctx.header("Accept-Encoding"));
        if (until == since + 1) {
            sendStoredChanges(ctx, to, gzip);
            return;
        }
        List<VersionManifest> between = from == null ? null : chainable(id, from, to);
        if (between != null) {
            sendChain(ctx, from, to, between, gzip);
        } else {
            sendDiff(ctx, from, to, gzip);
        }
    }

    /**
     * The versions after {@code from} up to {@code to} when their own changes files are the cheaper
     * way to the answer: all still there, one id format, and fewer bytes than the two snapshots a
     * diff would read. Null otherwise.
     */
    private List<VersionManifest> chainable(PackageId id, VersionManifest from, VersionManifest to)
            throws CorruptVersionException {
        List<VersionManifest> between = new ArrayList<>();
        long changeBytes = 0;
        long snapshotBytes = from.members().bytes() + to.members().bytes();
        for (int v = from.version() + 1; v <= to.version(); v++) {
            VersionManifest version = v == to.version() ? to : store.manifest(id, v).orElse(null);
            if (version == null || version.idFormat() != to.idFormat()) {
                return null;
            }
            changeBytes += version.changes().bytes();
            if (changeBytes >= snapshotBytes) {
                return null;
            }
            between.add(version);
        }
        return between;
    }

    /**
     * A span of several versions from their changes files ({@link ChangeChain}): byte for byte the
     * diff of the two snapshots, so it carries the same entity tag.
     */
    private void sendChain(
            Context ctx,
            VersionManifest from,
            VersionManifest to,
            List<VersionManifest> between,
            boolean gzip)
            throws CorruptVersionException {
        List<Path> files = new ArrayList<>();
        for (VersionManifest version : between) {
            files.add(store.verifiedFile(version, FileRole.CHANGES));
        }
        if (notModified(ctx, diffTag(from, to, gzip))) {
            return;
        }
        textBody(ctx, gzip);
        StreamedBody.send(
                ctx,
                metrics,
                out -> {
                    OutputStream body = gzip ? new FastGzip(out, StreamedBody.BUFFER_BYTES) : out;
                    List<InputStream> changes = new ArrayList<>();
                    try {
                        for (Path file : files) {
                            changes.add(StreamedBody.openGunzipped(file));
                        }
                        OutputStream buffered =
                                new BufferedOutputStream(body, StreamedBody.BUFFER_BYTES);
                        ChangeChain.merge(changes, lineWriter(buffered));
                        buffered.flush();
                        if (body instanceof FastGzip compressing) {
                            compressing.finish();
                        }
                    } finally {
                        for (InputStream in : changes) {
                            in.close();
                        }
                    }
                });
    }

    private static MemberDiff.Changes lineWriter(OutputStream out) {
        return (joined, id) -> {
            out.write(joined ? '+' : '-');
            out.write(id);
            out.write('\n');
        };
    }

    private static String diffTag(VersionManifest from, VersionManifest to, boolean gzip) {
        String fromSha = from == null ? "empty" : from.members().sha256();
        return EntityTag.strong(
                "d-" + sha256Hex(fromSha + ":" + to.members().sha256()) + (gzip ? "-gz" : ""));
    }

    /** Consecutive versions: the job's own changes file of {@code to} is exactly the answer. */
    private void sendStoredChanges(Context ctx, VersionManifest to, boolean gzip)
            throws CorruptVersionException {
        Path file = store.verifiedFile(to, FileRole.CHANGES);
        String tag = EntityTag.strong("c-" + to.changes().sha256() + (gzip ? "-gz" : ""));
        if (notModified(ctx, tag)) {
            return;
        }
        sendStoredFile(ctx, file, to.changes().bytes(), gzip);
    }

    /** A stored file is already the gzip a client may ask for; others get it decompressed. */
    private void sendStoredFile(Context ctx, Path file, long storedBytes, boolean gzip) {
        textBody(ctx, gzip);
        if (gzip) {
            ctx.res().setContentLengthLong(storedBytes);
            StreamedBody.send(ctx, metrics, StreamedBody.storedBytes(file));
        } else {
            StreamedBody.send(ctx, metrics, StreamedBody.gunzipped(file));
        }
    }

    /** Any other span: a streamed merge of the two sorted member files (empty before v1). */
    private void sendDiff(Context ctx, VersionManifest from, VersionManifest to, boolean gzip)
            throws CorruptVersionException {
        Path fromFile = from == null ? null : store.verifiedFile(from, FileRole.MEMBERS);
        Path toFile = store.verifiedFile(to, FileRole.MEMBERS);
        if (notModified(ctx, diffTag(from, to, gzip))) {
            return;
        }
        textBody(ctx, gzip);
        StreamedBody.send(
                ctx,
                metrics,
                out -> {
                    OutputStream body = gzip ? new FastGzip(out, StreamedBody.BUFFER_BYTES) : out;
                    try (InputStream before =
                                    fromFile == null
                                            ? InputStream.nullInputStream()
                                            : StreamedBody.openGunzipped(fromFile);
                            InputStream after = StreamedBody.openGunzipped(toFile)) {
                        OutputStream buffered =
                                new BufferedOutputStream(body, StreamedBody.BUFFER_BYTES);
                        MemberDiff.between(before, after, lineWriter(buffered));
                        buffered.flush();
                        if (body instanceof FastGzip compressing) {
                            compressing.finish();
                        }
                    }
                });
    }

    private PackageId readablePackage(Context ctx) {
        String value = ctx.pathParam("id");
        if (!PackageId.isValid(value)) {
            throw ApiException.badRequest(
                    "a package id is 1-128 of A-Z a-z 0-9 . _ - and starts with a letter or digit");
        }
        PackageId id = new PackageId(value);
        if (!grant(ctx).mayRead(id)) {
            throw noSuchPackage(id);
        }
        return id;
    }

    private VersionManifest existingVersion(PackageId id, OptionalInt requested)
            throws IOException, CorruptVersionException {
        if (requested.isEmpty()) {
            return store.latest(id).orElseThrow(() -> noVersionYet(id));
        }
        int version = requested.getAsInt();
        if (store.latestVersion(id).isEmpty()) {
            throw noVersionYet(id);
        }
        return store.manifest(id, version)
                .orElseThrow(
                        () ->
                                ApiException.notFound(
                                        "no version " + version + " of package '" + id + "'"));
    }

    /** A version at or below the latest that has no manifest was removed by retention. */
    private VersionManifest retainedVersion(PackageId id, int version)
            throws CorruptVersionException {
        return store.manifest(id, version)
                .orElseThrow(
                        () ->
                                new ApiException(
                                        410,
                                        "version_gone",
                                        "version "
                                                + version
                                                + " of package '"
                                                + id
                                                + "' is no longer kept; pull the latest members"));
    }

    private static void requireIdsMayLeave(Context ctx, VersionManifest manifest) {
        if (manifest.idFormat() == IdFormat.RAW
                && !grant(ctx).mayReadRawIds(manifest.packageId())) {
            throw new ApiException(
                    403,
                    "raw_ids_not_allowed",
                    "package '"
                            + manifest.packageId()
                            + "' holds raw fan ids, which this token"
                            + " may not read");
        }
    }

    private static boolean notModified(Context ctx, String tag) {
        ctx.header("ETag", tag);
        ctx.header("Vary", "Accept-Encoding");
        if (EntityTag.noneMatchFails(ctx.header("If-None-Match"), tag)) {
            ctx.status(304);
            return true;
        }
        return false;
    }

    private static void textBody(Context ctx, boolean gzip) {
        ctx.status(200);
        ctx.contentType(TEXT_TYPE);
        if (gzip) {
            ctx.header("Content-Encoding", "gzip");
        }
    }

    static ApiException noSuchPackage(PackageId id) {
        return ApiException.notFound("no package '" + id + "'");
    }

    /**
     * A package the token may read that has no version yet: the job cuts version 1 at the first
     * interval end after the package came into force. Only ever answered for a granted package,
     * whether or not the job knows it, so it reveals nothing beyond the token's own grant.
     */
    static ApiException noVersionYet(PackageId id) {
        return new ApiException(
                404,
                "no_version_yet",
                "package '"
                        + id
                        + "' has no version yet; version 1 follows its first interval end");
    }

    private static TokenGrant grant(Context ctx) {
        return ctx.attribute(GRANT);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
