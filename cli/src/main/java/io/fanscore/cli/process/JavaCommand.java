package io.fanscore.cli.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A JVM the CLI starts: the same Java as the CLI's own, a classpath of every jar in a directory, a
 * main class and its arguments. Local servers (the Kafka broker, the Flink cluster) run {@link
 * #startDetached detached}; tools (storage formatting, Flink's command line) {@link #run run} to
 * completion.
 */
public record JavaCommand(
        List<String> jvmOptions,
        Path classpathDir,
        String mainClass,
        List<String> args,
        Map<String, String> environment) {

    /** What a tool printed and how it ended. */
    public record Result(int exitCode, String output) {}

    public JavaCommand(
            List<String> jvmOptions, Path classpathDir, String mainClass, String... args) {
        this(jvmOptions, classpathDir, mainClass, List.of(args), Map.of());
    }

    public JavaCommand withArgs(List<String> moreArgs) {
        List<String> all = new ArrayList<>(args);
        all.addAll(moreArgs);
        return new JavaCommand(jvmOptions, classpathDir, mainClass, all, environment);
    }

    public JavaCommand withEnvironment(String name, String value) {
        Map<String, String> all = new HashMap<>(environment);
        all.put(name, value);
        return new JavaCommand(jvmOptions, classpathDir, mainClass, args, all);
    }

    /**
     * Starts the JVM in its own session (so Ctrl-C in the terminal that started it does not reach
     * it), with no input and its output appended to {@code outputFile}. It outlives the CLI.
     */
    public Process startDetached(Path workingDir, Path outputFile) throws IOException {
        List<String> command = new ArrayList<>();
        setsid().ifPresent(setsid -> command.add(setsid.toString()));
        command.addAll(commandLine());
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(workingDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * Runs the JVM to its end and returns its output (stdout and stderr together). A JVM still
     * running after {@code timeout} is killed and reported as exit code -1.
     */
    public Result run(Path workingDir, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("fanscore-", ".out");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(commandLine())
                            .directory(workingDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            int exitCode;
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exitCode = process.exitValue();
            } else {
                process.destroyForcibly().waitFor();
                exitCode = -1;
            }
            return new Result(exitCode, Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private List<String> commandLine() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpathDir.resolve("*").toString());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    private static Optional<Path> setsid() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, "setsid"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
