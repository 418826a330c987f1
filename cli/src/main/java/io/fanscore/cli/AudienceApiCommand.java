package io.fanscore.cli;

import io.fanscore.audience.api.AudienceApiConfig;
import io.fanscore.audience.api.AudienceApiServer;
import io.fanscore.audience.api.ConfigException;
import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.packageformat.PackageTreeReader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code fanscore audience-api}: serves the package versions the job writes, until Ctrl-C. */
@Command(
        name = "audience-api",
        description = {
            "Serve audience packages to ad systems over HTTP (bearer tokens from the config file).",
            "Packages: --packages DIR, else packages_path of the config (a directory or s3://bucket/prefix), else .fanscore/packages."
        },
        subcommands = {AudienceApiTokenCommand.class})
final class AudienceApiCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration file (default: flink-conf/audience-api.yaml).")
    String config;

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "Port, instead of the file's (0: any free port).")
    Integer port;

    @Option(names = "--packages", paramLabel = "DIR", description = "Root of the package versions.")
    String packages;

    @Override
    public Integer call() throws InterruptedException {
        FanscoreHome home = FanscoreHome.fromSystemProperties();
        AudienceApiConfig loaded;
        try {
            loaded =
                    AudienceApiConfig.load(
                            config == null
                                    ? home.confFile("audience-api.yaml")
                                    : home.resolveUserPath(config));
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("fanscore: " + e.getMessage());
            return 2;
        }
        AudienceApiConfig withPort = port == null ? loaded : loaded.withPort(port);
        AudienceApiConfig effective =
                packages == null
                        ? withPort
                        : withPort.withPackagesPath(home.resolveUserPath(packages));
        // A directory or a bucket (packages_path s3://…), as the file says.
        PackageTreeReader tree;
        try {
            tree = effective.openPackages(home.dataDir().resolve("packages"), System::getenv);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("fanscore: " + e.getMessage());
            return 2;
        }
        AudienceApiServer server = AudienceApiServer.start(effective, tree);
        spec.commandLine()
                .getOut()
                .printf(
                        "audience API listening on %s (packages: %s, %d token(s)); Ctrl-C stops it%n",
                        server.baseUri(), tree.location(), effective.tokens().size());
        spec.commandLine().getOut().flush();
        server.serveUntilShutdown();
        return 0;
    }
}
