package io.fanscore.jobs.testutils;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * Checkpoints of an operator test harness taken as a task takes them. The harness's {@code
 * snapshot} alone skips {@code prepareSnapshotPreBarrier}, where operators that keep work in memory
 * write it to state, so a test using it alone would restore an empty operator.
 */
public final class TaskCheckpoints {

    /** A harness not yet initialized or opened. */
    public interface Unopened<H> {
        H create() throws Exception;
    }

    private TaskCheckpoints() {}

    /**
     * Checkpoints {@code harness} (the pre-barrier hook, then the snapshot), closes it, and returns
     * a new one from {@code fresh} restored from that checkpoint and opened.
     */
    public static <H extends AbstractStreamOperatorTestHarness<?>> H restart(
            H harness, long checkpointId, Unopened<H> fresh) throws Exception {
        harness.prepareSnapshotPreBarrier(checkpointId);
        OperatorSubtaskState checkpoint = harness.snapshot(checkpointId, checkpointId);
        harness.close();
        H restored = fresh.create();
        restored.initializeState(checkpoint);
        restored.open();
        return restored;
    }
}
