package io.fanscore.jobs.audience;

import io.fanscore.jobs.AudienceConfig;
import io.fanscore.jobs.FanScoringPipeline;
import io.fanscore.jobs.ingest.RecordIngest;
import io.fanscore.jobs.scoring.PairScoringOperator;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.PackageControl;
import io.fanscore.state.PackageVersionReady;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The audience-package part of the graph (SPEC §8): package changes in, to the scorer (which
 * computes membership where the standings live) and to the versioners; membership deltas out to
 * Kafka, versions out to the packages directory.
 */
public final class AudiencePackages {

    /** Runtime package changes, by package id; the catalog the job started with comes first. */
    public static final MapStateDescriptor<String, PackageControl> PACKAGE_CHANGES =
            new MapStateDescriptor<>(
                    "package-changes", Types.STRING, new AvroTypeInfo<>(PackageControl.class));

    private static final TypeInformation<PackageControl> CONTROL_TYPE =
            new AvroTypeInfo<>(PackageControl.class);

    /**
     * The runtime package changes, outside event time ({@link OutsideEventTime}).
     *
     * @param rejected the dead letters of rejected changes; null when there is no control topic
     */
    public record Changes(DataStream<PackageControl> accepted, DataStream<DeadLetter> rejected) {}

    private final AudienceConfig config;

    public AudiencePackages(AudienceConfig config) {
        this.config = config;
    }

    /** The source of runtime package changes: the control topic, or one that never carries one. */
    public Changes changes(StreamExecutionEnvironment env, FanScoringPipeline.Inputs inputs) {
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
            rejected = ingest.getSideOutput(RecordIngest.DEAD_LETTERS);
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
        DataStream<PackageControl> outside =
                controls.transform(
                                "package changes: outside event time",
                                CONTROL_TYPE,
                                new OutsideEventTime<>())
                        .uid("package-control-outside-event-time");
        return new Changes(outside, rejected);
    }

    /** The scorer's deltas to Kafka, and with its signs of packages in force to the versioners. */
    public void versions(
            SingleOutputStreamOperator<?> scorer,
            Changes changes,
            FanScoringPipeline.Outputs outputs) {
        DataStream<AudienceDelta> deltas = scorer.getSideOutput(PairScoringOperator.DELTAS);
        if (outputs.audienceDeltas() != null) {
            deltas.sinkTo(outputs.audienceDeltas())
                    .uid("audience-deltas-sink")
                    .name("audience deltas");
        }
        // A package without members gets versions from the signs alone.
        deltas.union(scorer.getSideOutput(PairScoringOperator.IN_FORCE))
                .keyBy(d -> d.getPackageId().toString(), Types.STRING)
                .connect(changes.accepted().broadcast(PACKAGE_CHANGES))
                .process(new PackageVersioner(config.catalog(), config.packagesPath()))
                .returns(new AvroTypeInfo<>(PackageVersionReady.class))
                .uid("package-versioner")
                .name("package versions: cut")
                .sinkTo(new PackageVersionSink(config.catalog().keepVersions()))
                .uid("package-versions-sink")
                .name("package versions: publish");
    }
}
