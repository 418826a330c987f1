package io.fanscore.exporters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool we did not write (protoc, python3) and returns what it printed; fails loudly. */
final class ExternalTool {

    private ExternalTool() {}

    static String run(List<String> command, byte[] stdin, Path workDir) throws Exception {
        Process process;
        try {
            process =
                    new ProcessBuilder(command)
                            .directory(workDir.toFile())
                            .redirectErrorStream(true)
                            .start();
        } catch (IOException e) {
            throw new AssertionError(
                    command.get(0)
                            + " is needed by this test and is not installed (./fanscore test"
                            + " installs it)",
                    e);
        }
        try (var in = process.getOutputStream()) {
            in.write(stdin);
        }
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(command + " failed:\n" + output);
        }
        return output;
    }
}
