package io.fanscore.audience.api;

import java.nio.file.Path;

/**
 * Runs the audience API from a configuration file alone, for deployments without the fanscore
 * command line: {@code AudienceApiMain audience-api.yaml}; the file must set packages_path. ({@code
 * ./fanscore audience-api} adds defaults and overrides.) packages_path is a directory or {@code
 * s3://bucket/prefix}.
 */
public final class AudienceApiMain {

    private AudienceApiMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: AudienceApiMain CONFIG.yaml");
            System.exit(2);
        }
        AudienceApiConfig config = AudienceApiConfig.load(Path.of(args[0]));
        if (!config.namesPackages()) {
            throw new ConfigException(args[0] + ": packages_path is required");
        }
        AudienceApiServer server =
                AudienceApiServer.start(config, config.openPackages(null, System::getenv));
        System.out.println("audience API listening on " + server.baseUri());
        server.serveUntilShutdown();
    }
}
