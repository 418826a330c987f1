package io.fanscore.bench;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.jobs.packages.AudiencePackages;
import io.fanscore.jobs.packages.OutsideEventTime;
import io.fanscore.jobs.packages.PackageVersionSink;
import io.fanscore.jobs.packages.PackageVersioner;
import io.fanscore.packageformat.FileTrees;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.Tier;
import io.fanscore.state.PackageVersionReady;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Cutting a big audience package version in the real operators: {@code --members} (1 000 000) ADD
 * deltas into the versioner's RocksDB state, then one delta an interval later whose watermark cuts
 * the version; the committing sink publishes it. Prints the versioner's own cut time (members
 * iterated from RocksDB, gzip and SHA-256 of both files, written to staging) and the whole job's
 * wall time.
 */
public final class PackageVersionBenchmark {

    private static final String PACKAGE = "bench-engaged";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        long members = Long.parseLong(options.getOrDefault("members", "1000000"));
        Path root = FanscoreHome.fromSystemProperties().dataDir().resolve("bench-versions");
        FileTrees.deleteTree(root);
        Files.createDirectories(root);
        List<String> cuts = captureCuts();

        PackageCatalog catalog =
                new PackageCatalog(
                        List.of(
                                new PackageDefinition(
                                        PACKAGE,
                                        "creator-1",
                                        EnumSet.of(Tier.DEVOTED),
                                        0,
                                        false,
                                        IdFormat.SHA256,
                                        "bench",
                                        100)),
                        Map.of("bench", "pepper"),
                        Duration.ofHours(1),
                        false);
        long t0 = Instant.parse("2026-01-05T04:00:00Z").toEpochMilli();
        long trigger = t0 + Duration.ofHours(1).toMillis();

        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.interval", "1s");
        conf.setString(
                "execution.checkpointing.dir", root.resolve(".checkpoints").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        var controls =
                env.fromSequence(0, 0)
                        .flatMap((Long ignored, Collector<PackageControl> none) -> {})
                        .returns(new AvroTypeInfo<>(PackageControl.class))
                        .transform(
                                "outside event time",
                                new AvroTypeInfo<>(PackageControl.class),
                                new OutsideEventTime<>())
                        .broadcast(AudiencePackages.PACKAGE_CONTROLS);
        env.fromSequence(0, members)
                .map(i -> delta(catalog, i, i == members ? trigger : t0))
                .returns(new AvroTypeInfo<>(AudienceDelta.class))
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<AudienceDelta>forGenerator(ctx -> new AtTrigger(t0))
                                .withTimestampAssigner((d, ts) -> d.getEventTime().toEpochMilli()))
                .keyBy(d -> d.getPackageId().toString(), Types.STRING)
                .connect(controls)
                .process(new PackageVersioner(catalog, root.toUri().toString()))
                .returns(new AvroTypeInfo<>(PackageVersionReady.class))
                .sinkTo(new PackageVersionSink());

        long start = System.nanoTime();
        env.execute("package version benchmark");
        double jobSeconds = (System.nanoTime() - start) / 1e9;
        Path manifest = root.resolve(PACKAGE).resolve("versions/1/manifest.json");
        System.out.printf(
                "package version of %,d members: %s%n"
                        + "  whole job (load %,d deltas into RocksDB, cut, publish): %.1f s%n"
                        + "  published: %s (%,d bytes of members)%n",
                members,
                cuts,
                members,
                jobSeconds,
                Files.exists(manifest),
                Files.size(root.resolve(PACKAGE).resolve("versions/1/members.txt.gz")));
    }

    private static AudienceDelta delta(PackageCatalog catalog, long i, long time) {
        PackageDefinition definition = catalog.find(PACKAGE).orElseThrow();
        return AudienceDelta.newBuilder()
                .setDeltaId("d" + i)
                .setPackageId(PACKAGE)
                .setMemberId(catalog.memberId(definition, "fan-" + i))
                .setOp(DeltaOp.ADD)
                .setEventTime(Instant.ofEpochMilli(time))
                .build();
    }

    /** The versioner's "Cut package …" lines, as it logs them. */
    private static List<String> captureCuts() {
        List<String> lines = new CopyOnWriteArrayList<>();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        AbstractAppender appender =
                new AbstractAppender("cuts", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        String message = event.getMessage().getFormattedMessage();
                        if (message.startsWith("Cut package")) {
                            lines.add(message);
                        }
                    }
                };
        appender.start();
        context.getConfiguration().addAppender(appender);
        context.getConfiguration().getRootLogger().addAppender(appender, Level.INFO, null);
        Configurator.setLevel(PackageVersioner.class.getName(), Level.INFO);
        context.updateLoggers();
        return lines;
    }

    /** Event time stays before the cut-off until the trigger delta moves it past. */
    private static final class AtTrigger implements WatermarkGenerator<AudienceDelta> {
        private final long t0;

        AtTrigger(long t0) {
            this.t0 = t0;
        }

        @Override
        public void onEvent(AudienceDelta event, long timestamp, WatermarkOutput output) {
            if (timestamp > t0) {
                output.emitWatermark(new Watermark(timestamp));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
