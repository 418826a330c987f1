package io.fanscore.cli.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The module flags Flink's distribution passes to every Flink JVM on Java 17 ({@code
 * env.java.opts.all} of its default configuration): Flink's serializers and RPC reach into these
 * JDK packages. The list is {@code flink-conf/jvm/java17.args}, which this jar carries and the
 * scripts and the build pass to {@code java} as an argument file.
 */
final class FlinkJvmOptions {

    static final List<String> JAVA_17 = read("/jvm/java17.args");

    private FlinkJvmOptions() {}

    private static List<String> read(String resource) {
        try (InputStream in = FlinkJvmOptions.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the CLI jar");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
