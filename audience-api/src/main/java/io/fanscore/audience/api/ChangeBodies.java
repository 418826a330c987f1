package io.fanscore.audience.api;

import io.fanscore.audience.store.CorruptVersionException;
import io.fanscore.audience.store.PackageStore;
import io.fanscore.audience.store.VerifiedFile;
import io.fanscore.packageformat.ChangeChain;
import io.fanscore.packageformat.FastGzip;
import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.MemberDiff;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;

import io.javalin.http.Context;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The body of {@code changes?since=v&until=u}, the cheapest exact way: the job's own changes file
 * for consecutive versions, a merge of the changes files of the versions in between when they are
 * smaller than the two snapshots, else a merge of the two snapshots. All three give the same bytes
 * in constant memory.
 */
final class ChangeBodies {

    /**
     * Every version the job keeps by default (keep_versions 168) chains, so a sync from any kept
     * version costs what changed; a longer span (a larger keep_versions) reads the two snapshots.
     */
    static final int MAX_CHAINED_VERSIONS = 168;

    /**
     * A chain holds one decompressing reader per version open at once: small buffers keep a request
     * of 168 of them near 8 MB (the inflater's own window included).
     */
    private static final int CHAIN_BUFFER_BYTES = 8 * 1024;

    private final PackageStore store;
    private final ApiMetrics metrics;

    ChangeBodies(PackageStore store, ApiMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** The changes from {@code from} (null: before version 1) to {@code to}. */
    void send(Context ctx, PackageId id, VersionManifest from, VersionManifest to, boolean gzip)
            throws CorruptVersionException {
        if (from != null && to.version() == from.version() + 1) {
            sendStoredChanges(ctx, to, gzip);
            return;
        }
        if (from == null && to.version() == 1) {
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
        if (to.version() - from.version() > MAX_CHAINED_VERSIONS) {
            return null;
        }
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
        List<VerifiedFile> files = new ArrayList<>();
        for (VersionManifest version : between) {
            files.add(store.verifiedFile(version, FileRole.CHANGES));
        }
        if (PackageRoutes.notModified(ctx, diffTag(from, to, gzip))) {
            return;
        }
        List<InputStream> stored = openAll(files);
        sendChanges(
                ctx,
                gzip,
                lines -> {
                    List<InputStream> changes = new ArrayList<>();
                    try {
                        for (InputStream in : stored) {
                            changes.add(StreamedBody.gunzipping(in, CHAIN_BUFFER_BYTES));
                        }
                        ChangeChain.merge(changes, lines);
                    } finally {
                        for (InputStream in : stored) {
                            in.close();
                        }
                    }
                });
    }

    /**
     * Opens every file before the response starts, or none: an error is then still an answer. The
     * opens run side by side, as each is a round trip to an object store (a few ms on a local
     * directory, tens over S3), so a long chain costs about one, not one per version.
     */
    private static List<InputStream> openAll(List<VerifiedFile> files)
            throws CorruptVersionException {
        List<CompletableFuture<InputStream>> opening = new ArrayList<>();
        for (VerifiedFile file : files) {
            opening.add(
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return file.open();
                                } catch (CorruptVersionException e) {
                                    throw new CompletionException(e);
                                }
                            },
                            OPENERS));
        }
        List<InputStream> opened = new ArrayList<>();
        Throwable failure = null;
        for (CompletableFuture<InputStream> open : opening) {
            try {
                opened.add(open.join());
            } catch (CompletionException e) {
                failure = failure == null ? e.getCause() : failure;
            }
        }
        if (failure == null) {
            return opened;
        }
        for (InputStream in : opened) {
            try {
                in.close();
            } catch (IOException closing) {
                failure.addSuppressed(closing);
            }
        }
        if (failure instanceof CorruptVersionException corrupt) {
            throw corrupt;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new IllegalStateException(failure);
    }

    /** Opens files for all requests: bounded, so a burst of long chains queues instead. */
    private static final ExecutorService OPENERS =
            Executors.newFixedThreadPool(
                    16,
                    task -> {
                        Thread thread = new Thread(task, "audience-api-open");
                        thread.setDaemon(true);
                        return thread;
                    });

    /** What writes one body's change lines. */
    @FunctionalInterface
    private interface ChangeSource {
        void writeTo(MemberDiff.Changes lines) throws IOException;
    }

    /** Streams {@code source}'s lines as {@code +id} / {@code -id}, gzip if asked. */
    private void sendChanges(Context ctx, boolean gzip, ChangeSource source) {
        PackageRoutes.textBody(ctx, gzip);
        StreamedBody.send(
                ctx,
                metrics,
                out -> {
                    OutputStream body = gzip ? new FastGzip(out, StreamedBody.BUFFER_BYTES) : out;
                    OutputStream buffered =
                            new BufferedOutputStream(body, StreamedBody.BUFFER_BYTES);
                    source.writeTo(lineWriter(buffered));
                    buffered.flush();
                    if (body instanceof FastGzip compressing) {
                        compressing.finish();
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
                "d-"
                        + PackageRoutes.sha256Hex(fromSha + ":" + to.members().sha256())
                        + (gzip ? "-gz" : ""));
    }

    /** Consecutive versions: the job's own changes file of {@code to} is exactly the answer. */
    private void sendStoredChanges(Context ctx, VersionManifest to, boolean gzip)
            throws CorruptVersionException {
        VerifiedFile file = store.verifiedFile(to, FileRole.CHANGES);
        String tag = EntityTag.strong("c-" + to.changes().sha256() + (gzip ? "-gz" : ""));
        if (PackageRoutes.notModified(ctx, tag)) {
            return;
        }
        sendStoredFile(ctx, metrics, file, gzip);
    }

    /** A stored file is already the gzip a client may ask for; others get it decompressed. */
    static void sendStoredFile(Context ctx, ApiMetrics metrics, VerifiedFile file, boolean gzip)
            throws CorruptVersionException {
        InputStream stored = file.open();
        PackageRoutes.textBody(ctx, gzip);
        if (gzip) {
            ctx.res().setContentLengthLong(file.storedBytes());
            StreamedBody.send(ctx, metrics, StreamedBody.storedBytes(stored));
        } else {
            StreamedBody.send(ctx, metrics, StreamedBody.gunzipped(stored));
        }
    }

    /** Any other span: a streamed merge of the two sorted member files (empty before v1). */
    private void sendDiff(Context ctx, VersionManifest from, VersionManifest to, boolean gzip)
            throws CorruptVersionException {
        List<VerifiedFile> files = new ArrayList<>();
        if (from != null) {
            files.add(store.verifiedFile(from, FileRole.MEMBERS));
        }
        files.add(store.verifiedFile(to, FileRole.MEMBERS));
        if (PackageRoutes.notModified(ctx, diffTag(from, to, gzip))) {
            return;
        }
        List<InputStream> stored = openAll(files);
        sendChanges(
                ctx,
                gzip,
                lines -> {
                    try (InputStream before =
                                    from == null
                                            ? InputStream.nullInputStream()
                                            : StreamedBody.gunzipping(stored.get(0));
                            InputStream after =
                                    StreamedBody.gunzipping(stored.get(stored.size() - 1))) {
                        MemberDiff.between(before, after, lines);
                    } finally {
                        for (InputStream in : stored) {
                            in.close();
                        }
                    }
                });
    }
}
