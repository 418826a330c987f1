package io.fanscore.cli.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LatestCheckpointTest {

    @Test
    void theNewestCompletedCheckpointOfAnyJobUnderAnyRoot(@TempDir Path dir) throws Exception {
        Path embedded = dir.resolve("checkpoints");
        Path cluster = dir.resolve("cluster/checkpoints");
        completed(embedded.resolve("job-a/chk-7"), 1_000);
        Path newest = completed(cluster.resolve("job-b/chk-3"), 3_000);
        completed(embedded.resolve("job-a/chk-8"), 2_000);
        Files.createDirectories(embedded.resolve("job-a/chk-9")); // still being written
        Files.createDirectories(embedded.resolve("job-a/shared"));
        Files.writeString(embedded.resolve("job-a/shared/_metadata"), "not a checkpoint");

        assertThat(LatestCheckpoint.under(List.of(embedded, cluster, dir.resolve("absent"))))
                .contains(newest);
    }

    @Test
    void noneBeforeTheFirstCheckpoint(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("job-a/chk-1"));

        assertThat(LatestCheckpoint.under(List.of(dir))).isEmpty();
    }

    private static Path completed(Path checkpoint, long modifiedMillis) throws Exception {
        Files.createDirectories(checkpoint);
        Path metadata = Files.writeString(checkpoint.resolve("_metadata"), "metadata");
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
        return checkpoint;
    }
}
