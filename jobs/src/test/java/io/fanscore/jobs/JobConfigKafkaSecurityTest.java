package io.fanscore.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the job's options reach Kafka's client settings, and which they refuse. */
class JobConfigKafkaSecurityTest {

    @TempDir Path dir;

    @Test
    void aClientConfigFileOptionsAndTheEnvironmentMakeTheEndpoint() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nclient.dns.lookup=default\n");

        JobConfig config =
                JobConfig.from(
                        JobArguments.parse(
                                "--bootstrap",
                                "127.0.0.1:9",
                                "--kafka-config",
                                file.toString(),
                                "--kafka.sasl.mechanism",
                                "PLAIN"),
                        Map.of(
                                "FANSCORE_KAFKA_USERNAME", "scorer",
                                "FANSCORE_KAFKA_PASSWORD", "hunter2"));

        Properties properties = config.kafka().clientProperties();
        assertThat(properties)
                .containsEntry("bootstrap.servers", "127.0.0.1:9")
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("client.dns.lookup", "default")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(properties.getProperty("sasl.jaas.config"))
                .contains("PlainLoginModule")
                .contains("hunter2");
        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void aPasswordAsAnArgumentIsRefusedWithTheKeyNamed() {
        assertThatThrownBy(
                        () ->
                                JobConfig.from(
                                        JobArguments.parse(
                                                "--kafka.sasl.jaas.config",
                                                "x required password=\"hunter2\";"),
                                        Map.of()))
                .isInstanceOf(JobConfig.ConfigException.class)
                .hasMessageContaining("'kafka.sasl.jaas.config' holds a secret")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aMissingClientConfigFileIsAConfigurationError() {
        assertThatThrownBy(
                        () ->
                                JobConfig.from(
                                        JobArguments.parse(
                                                "--kafka-config",
                                                dir.resolve("nope.properties").toString()),
                                        Map.of()))
                .isInstanceOf(JobConfig.ConfigException.class)
                .hasMessageContaining("nope.properties");
    }
}
