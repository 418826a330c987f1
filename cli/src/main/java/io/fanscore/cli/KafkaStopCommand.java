package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.LocalKafkaBroker;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.OptionalLong;
import java.util.concurrent.Callable;

/** Stops the local broker; stopping a broker that is not running is not an error. */
@Command(
        name = "stop",
        description = "Stop the local Kafka broker (its data is kept for the next start).")
final class KafkaStopCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionalLong stopped = new LocalKafkaBroker(FanscoreHome.fromSystemProperties()).stop();
        spec.commandLine()
                .getOut()
                .println(
                        stopped.isPresent()
                                ? "Stopped the Kafka broker (pid " + stopped.getAsLong() + ")"
                                : "No local Kafka broker is running");
        return 0;
    }
}
