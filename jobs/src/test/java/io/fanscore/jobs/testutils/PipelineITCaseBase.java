package io.fanscore.jobs.testutils;

import io.fanscore.testutils.KafkaTestBroker;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A MiniCluster job ITCase against a real Kafka broker, shared by the tests of a class: for what
 * needs the broker (exactly-once output, schema versions on the wire, security, interop, timing of
 * a running job).
 */
public abstract class PipelineITCaseBase extends MiniClusterITCaseBase {

    @RegisterExtension
    @Order(1)
    protected static final KafkaTestBroker KAFKA = new KafkaTestBroker();
}
