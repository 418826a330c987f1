package io.fanscore.cli;

import io.fanscore.connectors.kafka.KafkaEndpoint;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.util.Map;

/** The options of commands that read or write one topic: which, where, and as what record. */
final class TopicOptions {

    @Option(names = "--topic", required = true, description = "The topic.")
    String topic;

    @Mixin KafkaOptions kafka;

    @Option(
            names = "--type",
            converter = RecordTypeOption.Converter.class,
            description =
                    "Record type (default: the topic's, e.g. InteractionEvent for"
                            + " fan.interactions, TierChange for fan.tier-changes).")
    RecordType type;

    /** Where and how to connect: the address, the client config file and the environment. */
    KafkaEndpoint endpoint(CommandSpec spec, Map<String, String> environment) {
        return kafka.endpoint(spec, environment);
    }
}
