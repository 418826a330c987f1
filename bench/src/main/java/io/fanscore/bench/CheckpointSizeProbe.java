package io.fanscore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The size of a running job's latest checkpoint, watched from outside: Flink deletes a bounded
 * job's checkpoints when it finishes, so the probe looks at the checkpoint directory while the job
 * runs and remembers, at each new completed checkpoint, the bytes of every file the job's directory
 * holds then (with incremental checkpoints: the shared files plus the checkpoint's own; files of a
 * checkpoint just subsumed may still be counted, so it errs on the high side).
 *
 * <p>It also times each checkpoint: from when its {@code chk-N} directory appears (the coordinator
 * makes it when it triggers the checkpoint) to the modification time of its {@code _metadata}
 * (written when it completes), to within the probe's polling interval.
 */
final class CheckpointSizeProbe implements AutoCloseable {

    private static final long POLL_MILLIS = 20;

    private final Path checkpoints;
    private final long startedAtMillis = System.currentTimeMillis();
    private final AtomicLong lastSize = new AtomicLong(-1);
    private final Thread watcher;
    private volatile boolean stopped;
    private String lastCheckpoint = "";
    private final Map<Integer, Long> firstSeenMillis = new HashMap<>();
    private final List<Long> durationsMillis = new CopyOnWriteArrayList<>();

    CheckpointSizeProbe(Path checkpoints) {
        this.checkpoints = checkpoints;
        this.watcher = new Thread(this::watch, "checkpoint-size-probe");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Bytes of the last completed checkpoint seen, or -1 if none was seen. */
    long lastCheckpointBytes() {
        return lastSize.get();
    }

    /** Trigger → completion of every checkpoint seen to complete, in milliseconds. */
    List<Long> durationsMillis() {
        return List.copyOf(durationsMillis);
    }

    private void watch() {
        while (!stopped) {
            try {
                jobDir().ifPresent(this::look);
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (UncheckedIOException | IOException e) {
                // a file vanished while being measured: Flink subsumed a checkpoint; look again
            }
        }
    }

    private void look(Path job) {
        List<Path> checkpointDirs;
        try (Stream<Path> entries = Files.list(job)) {
            checkpointDirs =
                    entries.filter(p -> p.getFileName().toString().startsWith("chk-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        time(checkpointDirs);
        Optional<Path> newest =
                checkpointDirs.stream()
                        .filter(p -> Files.exists(p.resolve("_metadata")))
                        .max(Comparator.comparingInt(CheckpointSizeProbe::number));
        if (newest.isPresent() && !newest.get().toString().equals(lastCheckpoint)) {
            // Files only the subsumed checkpoint used are deleted just after the new one
            // completes: measure again a moment later and keep the smaller figure.
            long atCompletion = bytesUnder(job);
            sleepQuietly(300);
            lastSize.set(Math.min(atCompletion, bytesUnder(job)));
            lastCheckpoint = newest.get().toString();
        }
    }

    private void time(List<Path> checkpointDirs) {
        long now = System.currentTimeMillis();
        for (Path checkpoint : checkpointDirs) {
            int number = number(checkpoint);
            Long seen = firstSeenMillis.putIfAbsent(number, now);
            Path metadata = checkpoint.resolve("_metadata");
            if (seen != null && seen > 0 && Files.exists(metadata)) {
                try {
                    long completed = Files.getLastModifiedTime(metadata).toMillis();
                    durationsMillis.add(Math.max(0, completed - seen));
                } catch (IOException e) {
                    // subsumed meanwhile: not timed
                }
                firstSeenMillis.put(number, -1L); // timed once
            } else if (seen == null && Files.exists(metadata)) {
                firstSeenMillis.put(number, -1L); // complete when first seen: start unknown
            }
        }
    }

    /** The directory of the job started after the probe. */
    private Optional<Path> jobDir() throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(checkpoints)) {
            return jobs.filter(Files::isDirectory)
                    .filter(p -> p.toFile().lastModified() >= startedAtMillis - 1_000)
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified()));
        }
    }

    private static long bytesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(CheckpointSizeProbe::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // deleted meanwhile
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int number(Path checkpoint) {
        return Integer.parseInt(checkpoint.getFileName().toString().substring("chk-".length()));
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        watcher.join(5_000);
    }
}
