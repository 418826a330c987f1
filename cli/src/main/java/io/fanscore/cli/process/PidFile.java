package io.fanscore.cli.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pid of a local server the CLI started, so that later commands can find, reuse or stop it. A
 * pid is only trusted while its process still runs the expected main class: a recycled pid must
 * never get us to stop someone else's process.
 */
public record PidFile(Path file, String mainClass) {

    public void write(long pid) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, Long.toString(pid));
    }

    /** The process of the pid file, if it is alive and runs {@link #mainClass}. */
    public Optional<ProcessHandle> process() throws IOException {
        OptionalLong pid = read();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.getAsLong())
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(mainClass)).orElse(true));
    }

    /**
     * Stops the process: SIGTERM for a clean shutdown, SIGKILL if it has not exited within {@code
     * grace}. Returns the pid stopped, or empty if none was running; the pid file is gone after.
     */
    public OptionalLong stop(Duration grace) throws IOException, InterruptedException {
        Optional<ProcessHandle> process = process();
        if (process.isPresent()) {
            process.get().destroy();
            if (!exited(process.get(), grace)) {
                process.get().destroyForcibly();
                if (!exited(process.get(), Duration.ofSeconds(10))) {
                    throw new IOException("pid " + process.get().pid() + " did not exit");
                }
            }
        }
        Files.deleteIfExists(file);
        return process.isPresent() ? OptionalLong.of(process.get().pid()) : OptionalLong.empty();
    }

    private static boolean exited(ProcessHandle process, Duration timeout)
            throws InterruptedException {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private OptionalLong read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
