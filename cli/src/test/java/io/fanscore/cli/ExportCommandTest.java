package io.fanscore.cli;

import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.LocalPackageTreeWriter;
import io.fanscore.packageformat.PackageId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./fanscore export} over a package tree: what it prints, and a rerun that adds nothing. */
class ExportCommandTest {

    @TempDir Path packages;
    @TempDir Path out;

    @Test
    void exportsEachDueVersionOnceAndARerunAddsNothing() throws Exception {
        LocalPackageTreeWriter tree = new LocalPackageTreeWriter(packages);
        PackageId id = new PackageId("shop-fans");
        tree.write(id, 1, "shop", 0, List.of("a@example.com", "b@example.com"), 0, IdFormat.RAW);
        tree.write(id, 2, "shop", 3_600_000, List.of("b@example.com"), 0, IdFormat.RAW);
        String[] args = {
            "--package", "shop-fans",
            "--to", "meta-custom-audience",
            "--id-type", "email",
            "--packages", packages.toString(),
            "--out", out.toString(),
            "--min-size", "1",
            "--min-interval", "1h"
        };

        String first = run(args);
        String again = run(args);

        assertThat(first.lines())
                .containsExactly(
                        "shop-fans meta-custom-audience #1 FULL v1: 2 members, +2 -0 ("
                                + out.resolve("shop-fans/meta-custom-audience")
                                + ")",
                        "shop-fans meta-custom-audience #2 DELTA v2 from v1: 1 members, +0 -1 ("
                                + out.resolve("shop-fans/meta-custom-audience")
                                + ")");
        assertThat(again).isEmpty();
        assertThat(
                        Files.readAllLines(
                                out.resolve(
                                        "shop-fans/meta-custom-audience/000002-DELTA-v2/remove.csv")))
                .hasSize(2)
                .first()
                .isEqualTo("email");
    }

    @Test
    void followingExportsVersionsAsTheyArePublished() throws Exception {
        LocalPackageTreeWriter tree = new LocalPackageTreeWriter(packages);
        PackageId id = new PackageId("live-fans");
        StringWriter stdout = new StringWriter();
        CommandLine commandLine = new CommandLine(new ExportCommand());
        commandLine.setOut(new PrintWriter(stdout, true));
        Thread follower =
                new Thread(
                        () ->
                                commandLine.execute(
                                        "--package",
                                        "live-fans",
                                        "--to",
                                        "ocean-engine-dmp",
                                        "--packages",
                                        packages.toString(),
                                        "--out",
                                        out.toString(),
                                        "--min-interval",
                                        "0s",
                                        "--follow",
                                        "--poll",
                                        "50ms"));
        follower.start();
        try {
            for (int version = 1; version <= 3; version++) {
                List<String> members = new java.util.ArrayList<>();
                for (int fan = 0; fan < version * 2; fan++) {
                    members.add(Integer.toString(1000 + fan));
                }
                tree.write(id, version, "shop", version * 3_600_000L, members, 0, IdFormat.RAW);
                int expected = version;
                awaitLines(stdout, expected);
            }
        } finally {
            follower.interrupt();
            follower.join(10_000);
        }
        assertThat(follower.isAlive()).isFalse();
        assertThat(stdout.toString().lines())
                .extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactly(
                        "live-fans ocean-engine-dmp #1 FULL v1",
                        "live-fans ocean-engine-dmp #2 DELTA v2 from v1",
                        "live-fans ocean-engine-dmp #3 DELTA v3 from v2");
    }

    /** Waits (bounded) until the follower has printed {@code count} exports. */
    private static void awaitLines(StringWriter stdout, int count) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (stdout.toString().lines().count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no export " + count + " after 30 s:\n" + stdout);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anIdTypeThePlatformDoesNotTakeIsRefusedWithTheReason() {
        StringWriter stderr = new StringWriter();
        CommandLine commandLine = new CommandLine(new ExportCommand());
        commandLine.setErr(new PrintWriter(stderr, true));

        int exit =
                commandLine.execute(
                        "--package",
                        "shop-fans",
                        "--to",
                        "google-customer-match",
                        "--packages",
                        packages.toString(),
                        "--out",
                        out.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString())
                .startsWith("fanscore export: google-customer-match takes")
                .contains("not UID");
    }

    private static String run(String... args) {
        StringWriter stdout = new StringWriter();
        CommandLine commandLine = new CommandLine(new ExportCommand());
        commandLine.setOut(new PrintWriter(stdout, true));
        int exit = commandLine.execute(args);
        assertThat(exit).isZero();
        return stdout.toString();
    }
}
