package io.fanscore.jobs.scoring;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.jobs.notify.CreatorFanout;
import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.jobs.testutils.TaskCheckpoints;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.schema.ErasureRequest;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.ProfileAssignment;
import io.fanscore.schema.TierChange;
import io.fanscore.state.PairState;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;

import java.time.Instant;
import java.util.List;

/**
 * The scorer in Flink's operator test harness ({@link PairScoringOperatorTest#unopenedHarness}),
 * and what its tests do to it: feed interactions, send a creator's signal to all its buckets, move
 * event time on both inputs, read a side output, restart from a checkpoint.
 */
final class ScorerDriver implements AutoCloseable {

    private final PackageCatalog catalog;
    private KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, Integer>,
                    Either<PositionedEvent, CreatorSignal>,
                    Either<
                            Long,
                            Either<
                                    PackageControl,
                                    Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>,
                    TierChange>
            harness;
    private long offset;

    private ScorerDriver(PackageCatalog catalog) throws Exception {
        this.catalog = catalog;
        harness = PairScoringOperatorTest.unopenedHarness(catalog);
        harness.open();
    }

    /** An opened scorer with {@code catalog}'s packages (null: none). */
    static ScorerDriver open(PackageCatalog catalog) throws Exception {
        return new ScorerDriver(catalog);
    }

    KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, Integer>,
                    Either<PositionedEvent, CreatorSignal>,
                    Either<
                            Long,
                            Either<
                                    PackageControl,
                                    Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>,
                    TierChange>
            harness() {
        return harness;
    }

    void feed(InteractionEvent... events) throws Exception {
        for (InteractionEvent event : events) {
            harness.processElement1(
                    Either.Left(new PositionedEvent(event, 0, offset++)),
                    event.getEventTime().toEpochMilli());
        }
    }

    /** A live start, push or withdrawal copied to every bucket, as the fan-out does. */
    void toAllBuckets(CreatorSignal signal) throws Exception {
        for (int bucket = 0; bucket < PairScoringOperatorTest.BUCKETS; bucket++) {
            harness.processElement1(Either.Right(signal.forBucket(bucket)), signal.time());
        }
    }

    /** A record of the broadcast input (a control, an end of input). */
    void control(
            Either<
                            Long,
                            Either<
                                    PackageControl,
                                    Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>
                    control,
            long time)
            throws Exception {
        harness.processElement2(control, time);
    }

    /** A runtime profile assignment, read at the next offset of the profiles topic. */
    void assign(ProfileAssignment assignment) throws Exception {
        SourceEnvelope<ProfileAssignment> envelope = new SourceEnvelope<>();
        envelope.topic = "creator.profiles";
        envelope.partition = 0;
        envelope.offset = offset++;
        envelope.record = assignment;
        control(ScorerInputs.profileAssignment(envelope), assignment.getEventTime().toEpochMilli());
    }

    /** An erasure request on the broadcast input. */
    void erase(ErasureRequest request) throws Exception {
        SourceEnvelope<ErasureRequest> envelope = new SourceEnvelope<>();
        envelope.record = request;
        control(ScorerInputs.erasure(envelope), request.getEventTime().toEpochMilli());
    }

    /** The pair's state, null for none. */
    PairState pairOf(String creator, String fan) throws Exception {
        return bucketOf(harness, creator, fan).get(fan);
    }

    /** The map state of the bucket holding (creator, fan), that bucket being the current key. */
    static MapState<String, PairState> bucketOf(
            AbstractStreamOperatorTestHarness<?> harness, String creator, String fan)
            throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        operator.setCurrentKey(
                Tuple2.of(creator, CreatorFanout.bucketOf(fan, PairScoringOperatorTest.BUCKETS)));
        return operator.getKeyedStateBackend()
                .getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        PairScoringOperator.pairStateDescriptor());
    }

    /** Event time {@code time} on both inputs. */
    void watermark(Instant time) throws Exception {
        harness.processWatermark1(new Watermark(time.toEpochMilli()));
        harness.processWatermark2(new Watermark(time.toEpochMilli()));
    }

    /** What went to {@code tag} so far, in order. */
    <T> List<T> sideOutput(OutputTag<T> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    /** The tier changes so far. */
    List<TierChange> tierChanges() {
        return harness.extractOutputValues();
    }

    /** Checkpoint {@code checkpointId}, then a new scorer restored from it. */
    void restart(long checkpointId) throws Exception {
        harness =
                TaskCheckpoints.restart(
                        harness,
                        checkpointId,
                        () -> PairScoringOperatorTest.unopenedHarness(catalog));
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
