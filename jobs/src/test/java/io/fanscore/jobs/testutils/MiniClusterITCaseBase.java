package io.fanscore.jobs.testutils;

import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What every job ITCase runs on: a MiniCluster with two slots, shared by the tests of a class;
 * checkpoints go to a fresh directory per test. Tests of the rules and of bad input run the job
 * with injected sources and sinks ({@link InjectedReplay}); {@link PipelineITCaseBase} adds Kafka.
 */
public abstract class MiniClusterITCaseBase {

    @RegisterExtension
    @Order(2)
    protected static final MiniClusterExtension FLINK = TestClusters.twoSlots();

    /** Where the test's jobs keep checkpoints and package versions; fresh for each test. */
    protected Path checkpoints;

    @BeforeEach
    void freshWorkDirectory(TestInfo test) throws IOException {
        checkpoints = TestWorkDirectory.freshFor(test);
    }
}
