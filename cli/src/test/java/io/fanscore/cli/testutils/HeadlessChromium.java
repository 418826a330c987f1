package io.fanscore.cli.testutils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, loading a page on loopback: the DOM after its scripts ran, or a
 * screenshot. Started without the background services a closed network would refuse.
 */
public final class HeadlessChromium {

    private static final String BINARY = "/usr/bin/chromium";

    private final Path profileDir;

    /**
     * @param profileDir an empty directory for the browser's profile
     */
    public HeadlessChromium(Path profileDir) {
        this.profileDir = profileDir;
    }

    /** The page's DOM once {@code virtualMillis} of its (virtual) time have passed. */
    public String dumpDom(String url, int virtualMillis) throws Exception {
        Path out = Files.createTempFile(profileDir.getParent(), "dom", ".html");
        run(List.of("--dump-dom", "--virtual-time-budget=" + virtualMillis, url), out);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** A PNG of the page at {@code width}×{@code height}. */
    public void screenshot(String url, Path png, int width, int height, int virtualMillis)
            throws Exception {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(
                List.of(
                        "--screenshot=" + png.toAbsolutePath(),
                        "--window-size=" + width + "," + height,
                        "--hide-scrollbars",
                        "--virtual-time-budget=" + virtualMillis,
                        url),
                Files.createTempFile(profileDir.getParent(), "screenshot", ".log"));
    }

    private void run(List<String> args, Path stdout) throws Exception {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                BINARY,
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--user-data-dir=" + profileDir));
        command.addAll(args);
        Process chromium =
                new ProcessBuilder(command)
                        .redirectOutput(stdout.toFile())
                        .redirectError(
                                ProcessBuilder.Redirect.appendTo(
                                        profileDir.resolveSibling("chromium.log").toFile()))
                        .start();
        if (!chromium.waitFor(90, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + args);
        }
        if (chromium.exitValue() != 0) {
            throw new AssertionError(
                    "chromium exited with "
                            + chromium.exitValue()
                            + ": "
                            + Files.readString(profileDir.resolveSibling("chromium.log")));
        }
    }
}
