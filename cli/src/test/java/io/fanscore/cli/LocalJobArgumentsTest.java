package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalJobArgumentsTest {

    @TempDir Path dir;

    private FanscoreHome home() {
        return new FanscoreHome(dir.resolve(".fanscore"), dir, dir.resolve("caller"));
    }

    @Test
    void localRunsCheckpointOftenUnderTheDataDirectory() {
        List<String> args = LocalJobArguments.complete(List.of("--bounded"), home());

        assertThat(args)
                .containsExactly(
                        "--bounded",
                        "--checkpoint-dir",
                        dir.resolve(".fanscore/checkpoints").toUri().toString(),
                        "--checkpoint-interval",
                        "2s");
    }

    @Test
    void givenCheckpointSettingsWin() {
        List<String> given =
                List.of("--checkpoint-dir=file:///elsewhere", "--checkpoint-interval", "30s");

        assertThat(LocalJobArguments.complete(given, home())).isEqualTo(given);
    }

    @Test
    void aProfileFileIsFoundWhereTheUserIs() throws Exception {
        Files.createDirectories(dir.resolve("caller"));
        Path profile = Files.writeString(dir.resolve("caller/mine.yaml"), "name: mine");

        List<String> args =
                LocalJobArguments.complete(
                        List.of("--profile", "mine.yaml", "--profile=general"), home());

        assertThat(args.subList(0, 3))
                .containsExactly("--profile", profile.toString(), "--profile=general");
    }

    @Test
    void aKafkaClientConfigIsFoundWhereTheUserIs() throws Exception {
        Files.createDirectories(dir.resolve("caller"));
        Path config = Files.writeString(dir.resolve("caller/client.properties"), "");

        List<String> args =
                LocalJobArguments.complete(List.of("--kafka-config=client.properties"), home());

        assertThat(args.get(0)).isEqualTo("--kafka-config=" + config);
    }
}
