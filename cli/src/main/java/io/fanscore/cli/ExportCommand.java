package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.config.Durations;
import io.fanscore.exporters.Destination;
import io.fanscore.exporters.ExportFormat;
import io.fanscore.exporters.ExportRecord;
import io.fanscore.exporters.Exporter;
import io.fanscore.exporters.IdType;
import io.fanscore.packageformat.FormatException;
import io.fanscore.packageformat.LocalPackageTree;
import io.fanscore.packageformat.PackageId;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** Exports a package's versions in an ad platform's upload format. */
@Command(
        name = "export",
        description = {
            "Write a package's versions as an ad platform's upload files: a first FULL, then"
                    + " DELTAs (add and remove files) on the destination's schedule, a FULL again"
                    + " on its refresh interval, nothing below its minimum size.",
            "What was exported is kept under --out: a rerun (or a restart after a crash) goes on"
                    + " from there, neither skipping nor repeating a version. Packages:"
                    + " --packages, else .fanscore/packages."
        })
final class ExportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--package", required = true, description = "The package id.")
    String packageId;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "FORMAT",
            description =
                    "ocean-engine-dmp, google-customer-match, meta-custom-audience or"
                            + " tiktok-custom-audience.")
    String format;

    @Option(
            names = "--id-type",
            description =
                    "What the package's raw ids are to the platform: uid (ocean-engine-dmp, the"
                            + " default there), email, phone (E.164) or maid.")
    String idType;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Export root.")
    Path out;

    @Option(names = "--packages", paramLabel = "DIR", description = "Root of the package versions.")
    String packages;

    @Option(names = "--name", description = "The destination's name (default: the format's).")
    String name;

    @Option(names = "--min-size", description = "Smallest audience exported (platform default).")
    Long minSize;

    @Option(
            names = "--min-interval",
            description = "Least event time between two exports (platform default, e.g. 24h).")
    String minInterval;

    @Option(
            names = "--refresh-interval",
            description = "A FULL again after this much event time (platform default, e.g. 30d).")
    String refreshInterval;

    @Option(
            names = "--min-ids-per-file",
            description =
                    "Fewest ids a file may hold; a DELTA with a smaller add or remove file goes as"
                            + " a FULL (platform default: 1000 for TikTok, else 1).")
    Long minIdsPerFile;

    @Option(names = "--follow", description = "Keep exporting new versions until stopped.")
    boolean follow;

    @Option(names = "--poll", defaultValue = "5s", description = "How often --follow looks.")
    String poll;

    @Override
    public Integer call() throws Exception {
        try {
            return export();
        } catch (IllegalArgumentException e) {
            // A format, id type or package the platform cannot take: say why, no stack trace.
            spec.commandLine().getErr().println("fanscore export: " + e.getMessage());
            return 2;
        }
    }

    private int export() throws Exception {
        FanscoreHome home = FanscoreHome.fromSystemProperties();
        ExportFormat exportFormat = ExportFormat.named(format);
        Destination defaults =
                Destination.withDefaults(
                        name != null ? name : exportFormat.configName(),
                        exportFormat,
                        idType != null ? IdType.named(idType) : IdType.UID);
        Destination destination =
                new Destination(
                        defaults.name(),
                        exportFormat,
                        defaults.idType(),
                        minSize != null ? minSize : defaults.minSize(),
                        minInterval != null ? Durations.parse(minInterval) : defaults.minInterval(),
                        refreshInterval != null
                                ? Durations.parse(refreshInterval)
                                : defaults.refreshInterval(),
                        minIdsPerFile != null ? minIdsPerFile : defaults.minIdsPerFile());
        Path root =
                packages != null
                        ? home.resolveUserPath(packages)
                        : home.dataDir().resolve("packages");
        Exporter exporter =
                new Exporter(new LocalPackageTree(root), home.resolveUserPath(out.toString()));
        PackageId id = new PackageId(packageId);
        PrintWriter stdout = spec.commandLine().getOut();
        Duration pollEvery = Durations.parse(poll);
        do {
            List<ExportRecord> exported;
            try {
                exported = exporter.exportDue(id, destination);
            } catch (IOException | FormatException e) {
                if (!follow) {
                    throw e;
                }
                // A version retired or a disk hiccup while following: the next round goes on
                // from the export record, so nothing is skipped.
                spec.commandLine().getErr().printf("export failed, retrying: %s%n", e);
                exported = List.of();
            }
            for (ExportRecord record : exported) {
                stdout.printf(
                        "%s %s #%d %s v%d%s: %d members, +%d -%d (%s)%n",
                        record.packageId(),
                        record.destination(),
                        record.sequence(),
                        record.kind(),
                        record.version(),
                        record.fromVersion() == 0 ? "" : " from v" + record.fromVersion(),
                        record.members(),
                        record.added(),
                        record.removed(),
                        exporter.exportsOf(id, destination));
            }
            stdout.flush();
            if (follow) {
                try {
                    Thread.sleep(pollEvery.toMillis());
                } catch (InterruptedException e) {
                    return 0; // stopped
                }
            }
        } while (follow);
        return 0;
    }
}
