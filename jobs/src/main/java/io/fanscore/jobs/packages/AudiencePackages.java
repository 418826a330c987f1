package io.fanscore.jobs.packages;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.RecordIngest;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.PackageControl;
import io.fanscore.state.PackageVersionReady;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The audience-package part of the graph (SPEC §8): package changes in, to the scorer (which
 * computes membership where the standings live) and to the versioners; membership deltas out to
 * Kafka, versions out to the packages directory.
 */
public final class AudiencePackages {

    /**
     * Runtime package controls, by package id; the catalog the job started with comes first. The
     * state keeps its first name, "package-changes", so that savepoints restore into it.
     */
    public static final MapStateDescriptor<String, PackageControl> PACKAGE_CONTROLS =
            new MapStateDescriptor<>(
                    "package-changes", Types.STRING, new AvroTypeInfo<>(PackageControl.class));

    /** Audience package membership changes (SPEC §8) the scorer emits, stamped with their time. */
    public static final OutputTag<AudienceDelta> DELTAS =
            new OutputTag<>("audience-deltas", new AvroTypeInfo<>(AudienceDelta.class)) {};

    /**
     * When packages were in force, for the versioner of each (SPEC §8 v2; {@link InForceSigns}),
     * emitted by the scorer.
     */
    public static final OutputTag<AudienceDelta> IN_FORCE =
            new OutputTag<>("packages-in-force", new AvroTypeInfo<>(AudienceDelta.class)) {};

    private static final TypeInformation<PackageControl> CONTROL_TYPE =
            new AvroTypeInfo<>(PackageControl.class);

    /**
     * The runtime package controls, outside event time ({@link OutsideEventTime}).
     *
     * @param rejected the dead letters of rejected controls; null when there is no control topic
     */
    public record Controls(DataStream<PackageControl> accepted, DataStream<DeadLetter> rejected) {}

    private final AudienceConfig config;

    public AudiencePackages(AudienceConfig config) {
        this.config = config;
    }

    /**
     * The runtime package controls from {@code source} (the control topic), or, when it is null, a
     * stream that never carries one.
     */
    public Controls controls(
            StreamExecutionEnvironment env, Source<SourceEnvelope<PackageControl>, ?, ?> source) {
        DataStream<PackageControl> controls;
        DataStream<DeadLetter> rejected;
        if (source != null) {
            SingleOutputStreamOperator<PackageControl> ingest =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "package control")
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
        return new Controls(outside, rejected);
    }

    /**
     * The scorer's deltas to {@code deltasSink} (if not null), and with its signs of packages in
     * force to the versioners.
     */
    public void versions(
            SingleOutputStreamOperator<?> scorer,
            Controls controls,
            Sink<AudienceDelta> deltasSink) {
        DataStream<AudienceDelta> deltas = scorer.getSideOutput(DELTAS);
        if (deltasSink != null) {
            deltas.sinkTo(deltasSink).uid("audience-deltas-sink").name("audience deltas");
        }
        // A package without members gets versions from the signs alone.
        deltas.union(scorer.getSideOutput(IN_FORCE))
                .keyBy(d -> d.getPackageId().toString(), Types.STRING)
                .connect(controls.accepted().broadcast(PACKAGE_CONTROLS))
                .process(new PackageVersioner(config.catalog(), config.packagesPath()))
                .returns(new AvroTypeInfo<>(PackageVersionReady.class))
                .uid("package-versioner")
                .name("package versions: cut")
                .sinkTo(new PackageVersionSink(config.catalog().keepVersions()))
                .uid("package-versions-sink")
                .name("package versions: publish");
    }
}
