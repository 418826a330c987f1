package io.fanscore.cli;

import io.fanscore.cli.cluster.ClusterException;
import io.fanscore.cli.demo.DemoException;
import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.KafkaSetupException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code ./fanscore} command. */
@Command(
        name = "fanscore",
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = FanscoreCli.Version.class,
        description =
                "Real-time fan scoring on Flink: a local Kafka broker, the scoring job on an"
                        + " embedded or a local multi-process Flink cluster, and a demo workload.",
        subcommands = {
            KafkaCommand.class,
            ProduceCommand.class,
            ConsumeCommand.class,
            RunCommand.class,
            DemoCommand.class,
            AudienceApiCommand.class,
            ClusterCommand.class,
            StateCommand.class,
            ExplainCommand.class,
            ExportCommand.class,
            SimulateCommand.class,
            ConsoleCommand.class,
            CommandLine.HelpCommand.class
        })
public final class FanscoreCli implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FanscoreCli.class);

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FanscoreCli());
        commandLine
                .getSubcommands()
                .get("run")
                .getCommandSpec()
                .usageMessage()
                .footer(RunCommand.jobOptionsHelp());
        commandLine.setExecutionExceptionHandler(FanscoreCli::report);
        return commandLine;
    }

    /** The version of the jar the CLI runs from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FanscoreCli.class.getPackage().getImplementationVersion();
            return new String[] {"fanscore " + (version == null ? "(development)" : version)};
        }
    }

    /** Expected failures get their message; anything else also a pointer to the log. */
    private static int report(
            Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        LOG.error("{} failed", commandLine.getCommandName(), e);
        if (e instanceof KafkaSetupException
                || e instanceof DemoException
                || e instanceof ClusterException) {
            commandLine.getErr().println("fanscore: " + e.getMessage());
        } else {
            commandLine.getErr().println("fanscore: " + e);
            commandLine
                    .getErr()
                    .println("(details in " + FanscoreHome.fromSystemProperties().logsDir() + ")");
        }
        return 1;
    }
}
