package io.fanscore.cli;

import io.fanscore.cli.testutils.CliJvm;
import io.fanscore.connectors.kafka.KafkaClientSecurity;
import io.fanscore.connectors.kafka.SaslCredentials;
import io.fanscore.testutils.KafkaTestBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fanscore produce}, {@code consume} and {@code run} against a broker that requires SASL:
 * credentials from the environment (the CLI as its own process, as a user starts it) or from a
 * client config file; a wrong password is refused at once; the password is printed and logged
 * nowhere, even with every logger at INFO.
 */
class SecuredKafkaCliITCase {

    @RegisterExtension static final KafkaTestBroker KAFKA = KafkaTestBroker.withSasl();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> INTERACTIONS =
            List.of(
                    "{\"event_id\":\"e1\",\"creator_id\":\"c1\",\"fan_id\":\"f1\","
                            + "\"type\":\"FOLLOW\",\"event_time\":\"2026-01-05T04:00:00Z\"}",
                    "{\"event_id\":\"e2\",\"creator_id\":\"c1\",\"fan_id\":\"f2\",\"type\":\"LIKE\","
                            + "\"event_time\":\"2026-01-05T04:00:01Z\"}");

    @TempDir Path dir;

    @Test
    void produceAndConsumeLogInWithScramCredentialsFromTheEnvironment() throws Exception {
        SaslCredentials user = KAFKA.scramUser();
        Path input = Files.write(dir.resolve("interactions.jsonl"), INTERACTIONS);

        Exited produce =
                cli(
                        environment(user.username(), user.password()),
                        "produce",
                        "--topic",
                        "env.interactions",
                        "--type",
                        "InteractionEvent",
                        input.toString());
        Exited consume =
                cli(
                        environment(user.username(), user.password()),
                        "consume",
                        "--topic",
                        "env.interactions",
                        "--type",
                        "InteractionEvent");

        assertThat(produce.exitCode).as(produce.err).isZero();
        assertThat(produce.out).contains("Sent 2 InteractionEvent record(s)");
        assertThat(consume.exitCode).as(consume.err).isZero();
        assertThat(consume.out.lines().map(SecuredKafkaCliITCase::tree).toList())
                .extracting(line -> line.get("event_id").asText())
                .containsExactly("e1", "e2");
        // The log holds the clients' configuration as Kafka prints it, and no password.
        String log = Files.readString(logFile());
        assertThat(log)
                .contains("sasl.mechanism = SCRAM-SHA-512")
                .contains("sasl.jaas.config = [hidden]");
        for (Exited process : List.of(produce, consume)) {
            assertThat(process.out + process.err).doesNotContain(user.password());
        }
        assertThat(log).doesNotContain(user.password());
    }

    @Test
    void aWrongPasswordIsRefusedAtOnceAndNotShown() throws Exception {
        SaslCredentials user = KAFKA.scramUser();
        String wrongPassword = "not-" + user.password();
        Path input = Files.write(dir.resolve("interactions.jsonl"), INTERACTIONS);

        Exited produce =
                cli(
                        environment(user.username(), wrongPassword),
                        "produce",
                        "--topic",
                        "refused.interactions",
                        "--type",
                        "InteractionEvent",
                        input.toString());

        assertThat(produce.exitCode).isEqualTo(1);
        assertThat(produce.err)
                .contains("refused the login")
                .contains("invalid credentials with SASL mechanism SCRAM-SHA-512");
        assertThat(produce.out + produce.err + Files.readString(logFile()))
                .doesNotContain(wrongPassword);
        try (Admin admin = Admin.create(KAFKA.clientProperties())) {
            assertThat(admin.listTopics().names().get()).doesNotContain("refused.interactions");
        }
    }

    @Test
    void runScoresWithAPlainLoginFromAClientConfigFile() throws Exception {
        Path config = loginFile(KAFKA.plainUser());
        Path input = Files.write(dir.resolve("interactions.jsonl"), INTERACTIONS);
        String kafkaConfig = "--kafka-config=" + config;

        Run produce =
                inProcess(
                        "produce",
                        kafkaConfig,
                        "--topic",
                        "plain.interactions",
                        "--type",
                        "InteractionEvent",
                        input.toString());
        Run run =
                inProcess(
                        "run",
                        "--bootstrap",
                        KAFKA.bootstrapServers(),
                        kafkaConfig,
                        "--bounded",
                        "--topic.interactions",
                        "plain.interactions",
                        "--topic.live",
                        "plain.live",
                        "--topic.tier-changes",
                        "plain.tier-changes",
                        "--topic.live-notifications",
                        "plain.notifications",
                        "--topic.deadletter",
                        "plain.deadletter",
                        "--checkpoint-dir",
                        dir.resolve("checkpoints").toUri().toString(),
                        "--checkpoint-interval",
                        "1s",
                        "--parallelism",
                        "1",
                        "--notify.buckets",
                        "4");
        Run consume =
                inProcess(
                        "consume",
                        kafkaConfig,
                        "--topic",
                        "plain.tier-changes",
                        "--type",
                        "TierChange");

        assertThat(produce.exitCode).as(produce.err).isZero();
        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(consume.exitCode).as(consume.err).isZero();
        assertThat(consume.out.lines().map(SecuredKafkaCliITCase::tree).toList())
                .extracting(
                        line ->
                                line.get("fan_id").asText()
                                        + ":"
                                        + line.get("from_tier").asText()
                                        + "->"
                                        + line.get("to_tier").asText())
                .containsExactlyInAnyOrder("f1:NONE->CASUAL", "f2:NONE->POTENTIAL");
    }

    /** A client properties file that logs in as {@code user}, as an operator would write it. */
    private Path loginFile(SaslCredentials user) throws Exception {
        Properties properties = new Properties();
        properties.putAll(KAFKA.loginProperties(user));
        Path file = dir.resolve("client.properties");
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, null);
        }
        return file;
    }

    private static Map<String, String> environment(String username, String password) {
        return Map.of(
                KafkaClientSecurity.USERNAME_ENV, username,
                KafkaClientSecurity.PASSWORD_ENV, password);
    }

    private Path logFile() {
        return dir.resolve("home/logs/fanscore.log");
    }

    private record Exited(int exitCode, String out, String err) {}

    /**
     * The CLI in a JVM of its own with {@code environment}, logging every logger at INFO to the
     * data directory's log file.
     */
    private Exited cli(Map<String, String> environment, String... args) throws Exception {
        Path logConfig = dir.resolve("log4j2-info.properties");
        Files.writeString(
                logConfig,
                String.join(
                        "\n",
                        "appender.file.type = File",
                        "appender.file.name = file",
                        "appender.file.append = true",
                        "appender.file.fileName = " + logFile(),
                        "appender.file.layout.type = PatternLayout",
                        "appender.file.layout.pattern = %-5p %c - %m%n%throwable",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = file",
                        ""));
        List<String> command =
                new ArrayList<>(
                        CliJvm.command(
                                dir,
                                List.of("-Dlog4j2.configurationFile=" + logConfig),
                                List.of(args)));
        command.add("--bootstrap=" + KAFKA.bootstrapServers());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("FANSCORE_KAFKA_"));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "fanscore " + String.join(" ", args) + " did not finish within 90 s");
        }
        return new Exited(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run inProcess(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("run")) {
            all.add("--bootstrap=" + KAFKA.bootstrapServers());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = FanscoreCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
