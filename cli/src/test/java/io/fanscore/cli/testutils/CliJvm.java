package io.fanscore.cli.testutils;

import io.fanscore.cli.FanscoreCli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs the CLI in a JVM of its own, on the tests' class path. */
public final class CliJvm {

    private CliJvm() {}

    /**
     * {@code java -cp <class path> <jvmOptions> FanscoreCli <args>}, its home and working directory
     * under {@code dir}.
     */
    public static List<String> command(Path dir, List<String> jvmOptions, List<String> args) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add("-Dfanscore.home=" + dir.resolve("home"));
        command.add("-Dfanscore.cwd=" + dir);
        command.add(FanscoreCli.class.getName());
        command.addAll(args);
        return command;
    }
}
