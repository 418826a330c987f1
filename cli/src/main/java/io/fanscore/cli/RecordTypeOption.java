package io.fanscore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code --type} option of produce and consume: explicit, or implied by the topic. */
final class RecordTypeOption {

    private RecordTypeOption() {}

    static RecordType resolve(CommandSpec spec, String topic, RecordType explicit) {
        if (explicit != null) {
            return explicit;
        }
        return RecordType.forTopic(topic)
                .orElseThrow(
                        () ->
                                new CommandLine.ParameterException(
                                        spec.commandLine(),
                                        "No record type is known for topic "
                                                + topic
                                                + "; pass --type ("
                                                + RecordType.names()
                                                + ")"));
    }

    /** Reads {@code --type InteractionEvent} and the like. */
    static final class Converter implements CommandLine.ITypeConverter<RecordType> {
        @Override
        public RecordType convert(String value) {
            try {
                return RecordType.named(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
