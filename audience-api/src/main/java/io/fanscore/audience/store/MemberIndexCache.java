package io.fanscore.audience.store;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@link MemberIndex} of the latest version of at most {@code maxPackages} packages, the least
 * recently asked one dropped first, so memory stays bounded by the largest packages asked about. An
 * entry is replaced when a request names a newer version of its package. The first request for a
 * version builds its index; concurrent ones wait for that build instead of starting their own.
 */
public final class MemberIndexCache {

    /** Builds the index of one version. */
    @FunctionalInterface
    public interface Builder {
        MemberIndex build(VersionManifest manifest) throws CorruptVersionException;
    }

    private final Builder builder;

    /** In access order: the eldest entry is the least recently asked. Guarded by itself. */
    private final LinkedHashMap<PackageId, Entry> entries;

    public MemberIndexCache(int maxPackages, Builder builder) {
        if (maxPackages < 1) {
            throw new IllegalArgumentException("at least one package must fit");
        }
        this.builder = builder;
        this.entries =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<PackageId, Entry> eldest) {
                        return size() > maxPackages;
                    }
                };
    }

    /** Indexes built from the store's verified members files, so only checked files are used. */
    public static MemberIndexCache over(PackageStore store, int maxPackages) {
        return new MemberIndexCache(
                maxPackages,
                manifest -> {
                    VerifiedFile members = store.verifiedFile(manifest, FileRole.MEMBERS);
                    try {
                        return MemberIndex.build(members.open(), manifest.memberCount());
                    } catch (IOException e) {
                        throw new CorruptVersionException(
                                manifest.packageId(),
                                manifest.version(),
                                manifest.members().name() + " cannot be indexed: " + e.getMessage(),
                                e);
                    }
                });
    }

    /** The index of the members of {@code manifest}'s version. */
    public MemberIndex index(VersionManifest manifest) throws CorruptVersionException {
        Entry entry;
        boolean mine = false;
        synchronized (entries) {
            entry = entries.get(manifest.packageId());
            if (entry == null || entry.isOlderThan(manifest)) {
                entry = new Entry(manifest);
                entries.put(manifest.packageId(), entry);
                mine = true;
            } else if (!entry.isOf(manifest)) {
                entry = null;
            }
        }
        if (entry == null) {
            // This request read the latest version just before a newer one was cached: answer
            // for the version it read, without pushing the newer one out.
            return builder.build(manifest);
        }
        if (mine) {
            build(entry, manifest);
        }
        return entry.await();
    }

    /** The packages whose index is kept, for tests. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void build(Entry entry, VersionManifest manifest) {
        try {
            entry.index.complete(builder.build(manifest));
        } catch (Throwable e) {
            // Waiters get the failure; a later request tries again (the file may be repaired).
            entry.index.completeExceptionally(e);
            synchronized (entries) {
                entries.remove(manifest.packageId(), entry);
            }
        }
    }

    /** One version's index, complete once built. Equal only to itself, so removal is exact. */
    private static final class Entry {
        private final int version;
        private final String membersSha256;
        private final CompletableFuture<MemberIndex> index = new CompletableFuture<>();

        Entry(VersionManifest manifest) {
            this.version = manifest.version();
            this.membersSha256 = manifest.members().sha256();
        }

        boolean isOf(VersionManifest manifest) {
            return version == manifest.version()
                    && membersSha256.equals(manifest.members().sha256());
        }

        /** A newer version, or the same version with another members file, replaces this one. */
        boolean isOlderThan(VersionManifest manifest) {
            return version < manifest.version()
                    || (version == manifest.version() && !isOf(manifest));
        }

        MemberIndex await() throws CorruptVersionException {
            try {
                return index.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CorruptVersionException corrupt) {
                    throw corrupt;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
    }
}
