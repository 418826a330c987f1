package io.fanscore.connectors.kafka.eventtime;

import io.fanscore.connectors.kafka.KafkaEndpoint;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A {@link KafkaSource} whose partitions' event time follows {@link EventTimePolicy}: the job's
 * watermark strategy must generate no watermarks of its own ({@code noWatermarks()} with a
 * timestamp assigner), since this source emits them per partition. Splits, enumerator and their
 * checkpoints are the Kafka source's own, so savepoints of either are interchangeable.
 */
public final class EventTimeKafkaSource<T>
        implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, ResultTypeQueryable<T> {

    private final KafkaSource<T> kafka;
    private final EventTimePolicy policy;
    private final RecordPosition<T> position;
    private final KafkaEndpoint endpoint;
    private final String groupId;

    /**
     * @param endpoint the cluster {@code kafka} reads, for the end offset checks of live partitions
     * @param groupId the consumer group {@code kafka} starts from when it has committed offsets
     */
    public EventTimeKafkaSource(
            KafkaSource<T> kafka,
            EventTimePolicy policy,
            RecordPosition<T> position,
            KafkaEndpoint endpoint,
            String groupId) {
        this.kafka = kafka;
        this.policy = policy;
        this.position = position;
        this.endpoint = endpoint;
        this.groupId = groupId;
    }

    @Override
    public Boundedness getBoundedness() {
        return kafka.getBoundedness();
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context)
            throws Exception {
        // The job's id names the job across its sources: both inputs' readers share the evidence.
        String job = context.metricGroup().getAllVariables().getOrDefault("<job_id>", "");
        return new EventTimeSourceReader<>(
                kafka.createReader(context), policy, position, endpoint, groupId, job);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return kafka.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState checkpoint)
            throws Exception {
        return kafka.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return kafka.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return kafka.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return kafka.getProducedType();
    }
}
