package io.fanscore.cli;

import io.fanscore.audience.api.AccessToken;
import io.fanscore.packageformat.PackageId;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code fanscore audience-api token}: a new random token for an ad system, and the entry to paste
 * into the configuration, which keeps only the token's SHA-256.
 */
@Command(
        name = "token",
        description =
                "Create a token: prints it once, and the tokens: entry (its SHA-256) for the config.")
final class AudienceApiTokenCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--name",
            required = true,
            paramLabel = "NAME",
            description = "Who gets the token (shown in logs).")
    String name;

    @Option(
            names = "--packages",
            required = true,
            split = ",",
            paramLabel = "ID",
            description = "Package ids the token may read, comma-separated.")
    List<String> packages;

    @Override
    public Integer call() {
        for (String id : packages) {
            if (!PackageId.isValid(id)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "'" + id + "' is not a valid package id");
            }
        }
        String token = AccessToken.generate();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Token for " + name + " (shown once; hand it over, do not store it):");
        out.println();
        out.println("  " + token);
        out.println();
        out.println(
                "Add this entry under tokens: in flink-conf/audience-api.yaml and restart the API:");
        out.println();
        out.print(
                AccessToken.configEntry(
                        name, token, packages.stream().map(PackageId::new).toList()));
        out.flush();
        return 0;
    }
}
