package io.fanscore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fanscore kafka start|stop}. */
@Command(
        name = "kafka",
        description = "The local Kafka broker (a real KRaft broker in its own process).",
        subcommands = {KafkaStartCommand.class, KafkaStopCommand.class})
final class KafkaCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }
}
