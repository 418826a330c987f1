package io.fanscore.audience.api;

import io.fanscore.audience.store.CorruptVersionException;
import io.fanscore.audience.store.MemberIndexCache;
import io.fanscore.audience.store.PackageStore;
import io.fanscore.audience.store.VerifiedFile;
import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
    private final ChangeBodies changeBodies;

    PackageRoutes(PackageStore store, MemberIndexCache memberIndexes, ApiMetrics metrics) {
        this.store = store;
        this.memberIndexes = memberIndexes;
        this.metrics = metrics;
        this.changeBodies = new ChangeBodies(store, metrics);
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
        VerifiedFile file = store.verifiedFile(manifest, FileRole.MEMBERS);
        boolean gzip = AcceptEncoding.acceptsGzip(ctx.header("Accept-Encoding"));
        ctx.header(VERSION_HEADER, Integer.toString(manifest.version()));
        ctx.header("Cache-Control", requested.isPresent() ? IMMUTABLE : REVALIDATE);
        String tag = EntityTag.strong("m-" + manifest.members().sha256() + (gzip ? "-gz" : ""));
        if (notModified(ctx, tag)) {
            return;
        }
        ChangeBodies.sendStoredFile(ctx, metrics, file, gzip);
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
                        .put("member", member)
                        // A withheld version has no members: say so, not only "false".
                        .put("status", latest.status().name()));
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
        changeBodies.send(
                ctx, id, from, to, AcceptEncoding.acceptsGzip(ctx.header("Accept-Encoding")));
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

    static boolean notModified(Context ctx, String tag) {
        ctx.header("ETag", tag);
        ctx.header("Vary", "Accept-Encoding");
        if (EntityTag.noneMatchFails(ctx.header("If-None-Match"), tag)) {
            ctx.status(304);
            return true;
        }
        return false;
    }

    static void textBody(Context ctx, boolean gzip) {
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

    static String sha256Hex(String text) {
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
