package io.fanscore.cli;

import io.fanscore.audience.api.AudienceApiConfig;
import io.fanscore.audience.api.AudienceApiServer;
import io.fanscore.audience.api.ConfigException;
import io.fanscore.cli.home.FanscoreHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fanscore audience-api}: serves the package versions the job writes, until Ctrl-C. */
@Command(
        name = "audience-api",
        description = {
            "Serve audience packages to ad systems over HTTP (bearer tokens from the config file).",
            "Packages: --packages, else packages_path of the config, else .fanscore/packages."
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
        AudienceApiConfig effective = port == null ? loaded : loaded.withPort(port);
        Path root =
                packages != null
                        ? home.resolveUserPath(packages)
                        : effective.packagesPath().orElse(home.dataDir().resolve("packages"));
        AudienceApiServer server = AudienceApiServer.start(effective, root);
        spec.commandLine()
                .getOut()
                .printf(
                        "audience API listening on %s (packages: %s, %d token(s)); Ctrl-C stops it%n",
                        server.baseUri(), root, effective.tokens().size());
        spec.commandLine().getOut().flush();
        server.serveUntilShutdown();
        return 0;
    }
}
