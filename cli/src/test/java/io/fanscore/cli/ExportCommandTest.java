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

    private static String run(String... args) {
        StringWriter stdout = new StringWriter();
        CommandLine commandLine = new CommandLine(new ExportCommand());
        commandLine.setOut(new PrintWriter(stdout, true));
        int exit = commandLine.execute(args);
        assertThat(exit).isZero();
        return stdout.toString();
    }
}
