package io.fanscore.jobs.packages;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.RecordIngest;
import io.fanscore.jobs.packages.audit.DefinitionsFileAudit;
import io.fanscore.jobs.packages.audit.PackageChangeGate;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.PackageAudit;
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

    private static final TypeInformation<PackageAudit> AUDIT_TYPE =
            new AvroTypeInfo<>(PackageAudit.class);

    /**
     * The runtime package controls, outside event time ({@link OutsideEventTime}).
     *
     * @param rejected the dead letters of rejected controls; null when there is no control topic
     * @param decisions the audit of each runtime control, accepted or refused
     */
    public record Controls(
            DataStream<PackageControl> accepted,
            DataStream<DeadLetter> rejected,
            DataStream<PackageAudit> decisions) {}

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
        DataStream<PackageAudit> decisions;
        if (source != null) {
            // Keyed by package, so that one operator decides each package's changes in order.
            SingleOutputStreamOperator<PackageControl> gate =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "package control")
                            .uid("package-control-source")
                            .keyBy(PackageChangeGate::keyOf, Types.STRING)
                            .process(new PackageChangeGate(config.catalog()))
                            .returns(CONTROL_TYPE)
                            .uid("package-change-gate")
                            .name("decide package changes");
            controls = gate;
            rejected = gate.getSideOutput(RecordIngest.DEAD_LETTERS);
            decisions = gate.getSideOutput(PackageChangeGate.AUDIT);
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
            decisions =
                    controls.flatMap((PackageControl ignored, Collector<PackageAudit> none) -> {})
                            .returns(AUDIT_TYPE)
                            .uid("package-audit-none");
        }
        DataStream<PackageControl> outside =
                controls.transform(
                                "package changes: outside event time",
                                CONTROL_TYPE,
                                new OutsideEventTime<>())
                        .uid("package-control-outside-event-time");
        return new Controls(outside, rejected, decisions);
    }

    /**
     * Every package change, with what was decided, to {@code auditSink}: the runtime controls and
     * what changed in the definitions file since the job last started ({@link
     * DefinitionsFileAudit}, one writer).
     *
     * @param startedAtMillis when the job was started: the time of the file's changes
     */
    public void audit(Controls controls, Sink<PackageAudit> auditSink, long startedAtMillis) {
        controls.decisions()
                .transform(
                        "package audit: definitions file and decisions",
                        AUDIT_TYPE,
                        new DefinitionsFileAudit(
                                config.catalog(), config.definitionsFile(), startedAtMillis))
                .setParallelism(1)
                .setMaxParallelism(1)
                .uid("package-audit")
                .sinkTo(auditSink)
                .setParallelism(1)
                .uid("package-audit-sink")
                .name("package audit");
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
