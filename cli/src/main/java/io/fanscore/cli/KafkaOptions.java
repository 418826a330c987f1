package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.connectors.kafka.KafkaClientSecurity;
import io.fanscore.connectors.kafka.KafkaEndpoint;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.util.Map;

/** Where the broker is and how to connect to it: the options of every command that talks to one. */
final class KafkaOptions {

    @Option(
            names = "--bootstrap",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description =
                    "Kafka client properties (security.protocol, sasl.mechanism, sasl.jaas.config,"
                            + " ssl.*). A SASL login may instead come from "
                            + KafkaClientSecurity.USERNAME_ENV
                            + " and "
                            + KafkaClientSecurity.PASSWORD_ENV
                            + " (SCRAM-SHA-512 unless "
                            + KafkaClientSecurity.MECHANISM_ENV
                            + " says otherwise).")
    String kafkaConfig;

    /** Where and how to connect: the address, the client config file and the environment. */
    KafkaEndpoint endpoint(CommandSpec spec, Map<String, String> environment) {
        try {
            return KafkaClientSecurity.endpoint(
                    bootstrap,
                    kafkaConfig == null
                            ? null
                            : FanscoreHome.fromSystemProperties().resolveUserPath(kafkaConfig),
                    Map.of(),
                    environment);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
