package io.fanscore.audience.store;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.IdFileWriter;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.LocalPackageTreeWriter;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.StoredFile;
import io.fanscore.packageformat.VersionManifest;
import io.fanscore.packageformat.VersionStatus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MemberIndexCacheTest {

    @TempDir Path dir;

    /** Every build, as "package:version", in order. */
    private final List<String> builds = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aVersionIsBuiltOnceAndServedFromMemoryAfterwards() throws Exception {
        MemberIndexCache cache = new MemberIndexCache(4, this::buildFromMembersNamedAfterIt);
        MemberIndex first = cache.index(manifest("a", 1));
        MemberIndex again = cache.index(manifest("a", 1));
        assertThat(again).isSameAs(first);
        assertThat(first.contains("a-v1")).isTrue();
        assertThat(builds).containsExactly("a:1");
    }

    @Test
    void aNewerVersionReplacesThePackagesIndex() throws Exception {
        MemberIndexCache cache = new MemberIndexCache(4, this::buildFromMembersNamedAfterIt);
        MemberIndex v1 = cache.index(manifest("a", 1));
        MemberIndex v2 = cache.index(manifest("a", 2));
        assertThat(v2.contains("a-v2")).isTrue();
        assertThat(v2.contains("a-v1")).isFalse();
        assertThat(v1.contains("a-v1")).isTrue();
        assertThat(cache.index(manifest("a", 2))).isSameAs(v2);
        assertThat(cache.size()).isEqualTo(1);
        // A request that read version 1 just before version 2 appeared: answered for version 1,
        // without putting version 1 back in place of version 2.
        assertThat(cache.index(manifest("a", 1)).contains("a-v1")).isTrue();
        assertThat(cache.index(manifest("a", 2))).isSameAs(v2);
        assertThat(builds).containsExactly("a:1", "a:2", "a:1");
    }

    @Test
    void atMostTheConfiguredPackagesAreKeptTheLeastRecentlyAskedGoesFirst() throws Exception {
        MemberIndexCache cache = new MemberIndexCache(2, this::buildFromMembersNamedAfterIt);
        cache.index(manifest("a", 1));
        cache.index(manifest("b", 1));
        cache.index(manifest("a", 1)); // a is now more recent than b
        cache.index(manifest("c", 1)); // pushes b out
        assertThat(cache.size()).isEqualTo(2);
        cache.index(manifest("a", 1));
        cache.index(manifest("c", 1));
        assertThat(builds).containsExactly("a:1", "b:1", "c:1");
        cache.index(manifest("b", 1)); // built again, pushing a out
        cache.index(manifest("c", 1));
        cache.index(manifest("a", 1));
        assertThat(builds).containsExactly("a:1", "b:1", "c:1", "b:1", "a:1");
    }

    @Test
    void concurrentFirstRequestsWaitForOneBuild() throws Exception {
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MemberIndexCache cache =
                new MemberIndexCache(
                        4,
                        manifest -> {
                            building.countDown();
                            awaitQuietly(release);
                            return buildFromMembersNamedAfterIt(manifest);
                        });
        VersionManifest manifest = manifest("a", 1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<MemberIndex> first = supply(threads, cache, manifest);
            assertThat(building.await(10, TimeUnit.SECONDS)).isTrue();
            AtomicReference<Thread> second = new AtomicReference<>();
            CompletableFuture<MemberIndex> waiting =
                    CompletableFuture.supplyAsync(
                            () -> {
                                second.set(Thread.currentThread());
                                return indexUnchecked(cache, manifest);
                            },
                            threads);
            // Parked either on the first build's result or, were it built twice, in the builder.
            await().atMost(10, TimeUnit.SECONDS)
                    .until(
                            () ->
                                    second.get() != null
                                            && second.get().getState() == Thread.State.WAITING);
            release.countDown();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isSameAs(first.get(10, TimeUnit.SECONDS));
            assertThat(builds).containsExactly("a:1");
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void aFailedBuildFailsItsRequestsAndIsTriedAgainLater() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        MemberIndexCache cache =
                new MemberIndexCache(
                        4,
                        manifest -> {
                            if (attempts.incrementAndGet() == 1) {
                                throw new CorruptVersionException(
                                        manifest.packageId(), manifest.version(), "broken");
                            }
                            return buildFromMembersNamedAfterIt(manifest);
                        });
        assertThatThrownBy(() -> cache.index(manifest("a", 1)))
                .isInstanceOf(CorruptVersionException.class)
                .hasMessageContaining("broken");
        assertThat(cache.size()).isZero();
        assertThat(cache.index(manifest("a", 1)).contains("a-v1")).isTrue();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void theStoresIndexesComeFromVerifiedFilesOnly() throws Exception {
        Path root = dir.resolve("packages");
        LocalPackageTreeWriter writer = new LocalPackageTreeWriter(root);
        VersionManifest good =
                writer.write(
                        new PackageId("good"),
                        1,
                        "creator",
                        0,
                        List.of("fan-1", "fan-2"),
                        1,
                        IdFormat.RAW);
        VersionManifest bad =
                writer.write(
                        new PackageId("bad"),
                        1,
                        "creator",
                        0,
                        List.of("fan-1", "fan-2"),
                        1,
                        IdFormat.RAW);
        // Emptied after the manifest was written: it no longer matches its size or checksum.
        Files.write(writer.tree().file(bad, FileRole.MEMBERS), new byte[0]);
        MemberIndexCache cache = MemberIndexCache.over(new PackageStore(root), 4);
        assertThat(cache.index(good).contains("fan-2")).isTrue();
        assertThat(cache.index(good).contains("fan-3")).isFalse();
        assertThatThrownBy(() -> cache.index(bad)).isInstanceOf(CorruptVersionException.class);
    }

    /** The members of version v of package p are the single id "p-vN". */
    private MemberIndex buildFromMembersNamedAfterIt(VersionManifest manifest) {
        String name = manifest.packageId() + "-v" + manifest.version();
        builds.add(manifest.packageId() + ":" + manifest.version());
        try {
            Path file = Files.createTempFile(dir, name, ".txt.gz");
            try (IdFileWriter writer = new IdFileWriter(name, Files.newOutputStream(file))) {
                writer.member(name);
                writer.finish();
            }
            return MemberIndex.build(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static VersionManifest manifest(String packageId, int version) {
        String sha = String.format("%064x", version);
        return VersionManifest.of(
                new PackageId(packageId),
                version,
                "creator",
                0,
                VersionStatus.PUBLISHED,
                IdFormat.RAW,
                1,
                1,
                0,
                1,
                new StoredFile("members.txt.gz", 1, sha),
                new StoredFile("changes.txt.gz", 1, sha));
    }

    private static CompletableFuture<MemberIndex> supply(
            ExecutorService threads, MemberIndexCache cache, VersionManifest manifest) {
        return CompletableFuture.supplyAsync(() -> indexUnchecked(cache, manifest), threads);
    }

    private static MemberIndex indexUnchecked(MemberIndexCache cache, VersionManifest manifest) {
        try {
            return cache.index(manifest);
        } catch (CorruptVersionException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
