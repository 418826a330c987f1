package io.fanscore.cli;

import picocli.CommandLine.Option;

/** The options of commands that read or write one topic: which, where, and as what record. */
final class TopicOptions {

    @Option(names = "--topic", required = true, description = "The topic.")
    String topic;

    @Option(
            names = "--bootstrap",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--type",
            converter = RecordTypeOption.Converter.class,
            description =
                    "Record type (default: the topic's, e.g. InteractionEvent for"
                            + " fan.interactions, TierChange for fan.tier-changes).")
    RecordType type;
}
