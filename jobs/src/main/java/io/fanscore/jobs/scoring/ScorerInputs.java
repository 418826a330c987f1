package io.fanscore.jobs.scoring;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.jobs.notify.CreatorFanout;
import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.jobs.notify.LiveStartSequencer;
import io.fanscore.jobs.state.PositionedEventTypeInfo;
import io.fanscore.schema.ErasureRequest;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.ProfileAssignment;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;

/**
 * What {@link PairScoringOperator} reads and how it is keyed: interactions, live starts and pushes
 * on input 1, keyed by (creator, fan bucket); ends of bounded input, package controls, profile
 * assignments and erasure requests on input 2, broadcast.
 */
public final class ScorerInputs {

    private ScorerInputs() {}

    public static TypeInformation<PositionedEvent> positionedEventType() {
        return new PositionedEventTypeInfo();
    }

    /** What the scorer reads: interactions, live starts and pushes, keyed by (creator, bucket). */
    public static TypeInformation<Either<PositionedEvent, CreatorSignal>> inputType() {
        return new EitherTypeInfo<>(positionedEventType(), LiveStartSequencer.signalType());
    }

    /**
     * A record of the scorer's broadcast input: the largest event time of a finished bounded input
     * (left), or a runtime control (right): a package control, a profile assignment, or an erasure
     * request.
     */
    public static TypeInformation<
                    Either<
                            Long,
                            Either<
                                    PackageControl,
                                    Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>>
            controlType() {
        return new EitherTypeInfo<>(
                Types.LONG,
                new EitherTypeInfo<>(
                        new AvroTypeInfo<>(PackageControl.class),
                        new EitherTypeInfo<>(
                                new TypeHint<SourceEnvelope<ProfileAssignment>>() {}.getTypeInfo(),
                                new AvroTypeInfo<>(ErasureRequest.class))));
    }

    // Named methods, not Either::Left twice: javac tells serialized method references apart by the
    // method they name, not the types they were made for, so two would deserialize as one.

    /** The broadcast input's announcement of a finished bounded input's largest event time. */
    public static Either<
                    Long,
                    Either<
                            PackageControl,
                            Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>
            endOfInput(Long maxEventTime) {
        return Either.Left(maxEventTime);
    }

    /** The broadcast input's runtime package control. */
    public static Either<
                    Long,
                    Either<
                            PackageControl,
                            Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>
            packageControl(PackageControl control) {
        return Either.Right(Either.Left(control));
    }

    /** The broadcast input's runtime profile assignment. */
    public static Either<
                    Long,
                    Either<
                            PackageControl,
                            Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>
            profileAssignment(SourceEnvelope<ProfileAssignment> assignment) {
        return Either.Right(Either.Right(Either.Left(assignment)));
    }

    /** The broadcast input's erasure request. */
    public static Either<
                    Long,
                    Either<
                            PackageControl,
                            Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>
            erasure(SourceEnvelope<ErasureRequest> request) {
        return Either.Right(Either.Right(Either.Right(request.record)));
    }

    /** The key of an input: the creator and the fan bucket it belongs to. */
    public static Tuple2<String, Integer> keyOf(
            Either<PositionedEvent, CreatorSignal> input, int buckets) {
        if (input.isLeft()) {
            return keyOf(input.left().event, buckets);
        }
        return Tuple2.of(input.right().creatorId(), input.right().bucket);
    }

    /** The key of an interaction's pair. */
    public static Tuple2<String, Integer> keyOf(InteractionEvent event, int buckets) {
        return Tuple2.of(event.getCreatorId(), CreatorFanout.bucketOf(event.getFanId(), buckets));
    }
}
