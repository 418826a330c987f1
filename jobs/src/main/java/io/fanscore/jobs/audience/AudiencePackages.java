package io.fanscore.jobs.audience;

import io.fanscore.jobs.AudienceConfig;
import io.fanscore.jobs.FanScoringPipeline;
import io.fanscore.jobs.scoring.PairScoringOperator;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.PackageControl;
import io.fanscore.scoring.ScoringProfile;
import io.fanscore.state.FanIndexUpdate;
import io.fanscore.state.PackageVersionReady;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The audience-package part of the graph (SPEC §8): package changes in, membership deltas out to
 * Kafka, versions out to the packages directory. Fed by the scorer's standings, which are already
 * partitioned by pair, so membership runs chained to the scorer without a shuffle.
 */
public final class AudiencePackages {

    private static final TypeInformation<PackageControl> CONTROL_TYPE =
            new AvroTypeInfo<>(PackageControl.class);

    private final ScoringProfile profile;
    private final AudienceConfig config;

    public AudiencePackages(ScoringProfile profile, AudienceConfig config) {
        this.profile = profile;
        this.config = config;
    }

    /** Adds the operators; returns the dead letters of rejected package changes, or null. */
    public DataStream<DeadLetter> build(
            StreamExecutionEnvironment env,
            FanScoringPipeline.Inputs inputs,
            FanScoringPipeline.Outputs outputs,
            SingleOutputStreamOperator<?> scorer,
            TypeInformation<Tuple2<String, String>> pairKey) {
        DataStream<PackageControl> controls;
        DataStream<DeadLetter> rejected;
        if (inputs.packageControl() != null) {
            SingleOutputStreamOperator<PackageControl> ingest =
                    env.fromSource(
                                    inputs.packageControl(),
                                    WatermarkStrategy.noWatermarks(),
                                    "package control")
                            .uid("package-control-source")
                            .process(new PackageControlIngest(config.catalog()))
                            .returns(CONTROL_TYPE)
                            .uid("package-control-ingest")
                            .name("validate package changes");
            controls = ingest;
            rejected = ingest.getSideOutput(io.fanscore.jobs.ingest.RecordIngest.DEAD_LETTERS);
        } else {
            // No control topic: a stream that never carries a change (an empty collection source
            // is not allowed), and nothing to reject.
            controls =
                    env.fromSequence(0, 0)
                            .uid("package-control-none")
                            .flatMap((Long ignored, Collector<PackageControl> none) -> {})
                            .returns(CONTROL_TYPE)
                            .uid("package-control-none-empty");
            rejected = null;
        }
        BroadcastStream<PackageControl> packages =
                controls.transform(
                                "package changes: outside event time",
                                CONTROL_TYPE,
                                new OutsideEventTime<>())
                        .uid("package-control-outside-event-time")
                        .broadcast(AudienceMembershipFunction.PACKAGE_CHANGES);

        DataStream<FanIndexUpdate> standings = scorer.getSideOutput(PairScoringOperator.STANDINGS);
        SingleOutputStreamOperator<AudienceDelta> deltas =
                standings
                        // Membership is per pair, the scorer per (creator, fan bucket): a shuffle.
                        .keyBy(u -> Tuple2.of(u.getCreatorId(), u.getFanId()), pairKey)
                        .connect(packages)
                        .process(new AudienceMembershipFunction(profile, config.catalog()))
                        .returns(new AvroTypeInfo<>(AudienceDelta.class))
                        .uid("audience-membership")
                        .name("audience package membership");
        if (outputs.audienceDeltas() != null) {
            deltas.sinkTo(outputs.audienceDeltas())
                    .uid("audience-deltas-sink")
                    .name("audience deltas");
        }
        // Deltas and the signs of packages in force, to the versioner of each package: a package
        // without members gets versions from the signs alone.
        deltas.union(deltas.getSideOutput(AudienceMembershipFunction.IN_FORCE))
                .keyBy(d -> d.getPackageId().toString(), Types.STRING)
                .connect(packages)
                .process(new PackageVersioner(config.catalog(), config.packagesPath()))
                .returns(new AvroTypeInfo<>(PackageVersionReady.class))
                .uid("package-versioner")
                .name("package versions: cut")
                .sinkTo(new PackageVersionSink(config.catalog().keepVersions()))
                .uid("package-versions-sink")
                .name("package versions: publish");
        return rejected;
    }
}
