package io.fanscore.jobs.testutils;

import io.fanscore.testutils.KafkaTestBroker;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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
    protected static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir protected Path checkpoints;
}
