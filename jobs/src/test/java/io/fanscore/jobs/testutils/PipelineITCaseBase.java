package io.fanscore.jobs.testutils;

import io.fanscore.testutils.KafkaTestBroker;

import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What every pipeline ITCase runs on: a real Kafka broker and a MiniCluster with two slots, both
 * shared by the tests of a class; checkpoints go to a fresh directory per test.
 */
public abstract class PipelineITCaseBase {

    @RegisterExtension
    @Order(1)
    protected static final KafkaTestBroker KAFKA = new KafkaTestBroker();

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
