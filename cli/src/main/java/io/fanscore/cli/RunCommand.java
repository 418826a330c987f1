package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.TopicSetup;
import io.fanscore.connectors.kafka.KafkaClientSecurity;
import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.ConfigOption;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Runs the scoring job on an embedded Flink MiniCluster with the job's own options. */
@Command(
        name = "run",
        description = {
            "Run the scoring job on an embedded Flink cluster in this process. Every option is the"
                    + " job's own (the same as on a cluster), e.g.:",
            "  ./fanscore run --bounded                 replay fan.interactions from the start,"
                    + " then exit",
            "  ./fanscore run --bootstrap host:9092     run until Ctrl-C",
            "Checkpoints go to the data directory every "
                    + LocalJobArguments.LOCAL_CHECKPOINT_INTERVAL
                    + " unless --checkpoint-dir / --checkpoint-interval say otherwise."
        })
final class RunCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Unmatched List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> args =
                LocalJobArguments.complete(jobArgs, FanscoreHome.fromSystemProperties());
        JobConfig config;
        try {
            config = FanScoringJob.configure(args.toArray(String[]::new));
        } catch (JobConfig.ConfigException e) {
            spec.commandLine().getErr().println("fanscore: bad configuration: " + e.getMessage());
            return 2;
        }
        try (TopicSetup topics = new TopicSetup(config.kafka())) {
            // A source on a missing topic fails the job; create what is missing, as produce does.
            List<String> needed =
                    new ArrayList<>(
                            List.of(
                                    config.interactionsTopic(),
                                    config.liveTopic(),
                                    config.tierChangesTopic(),
                                    config.liveNotificationsTopic(),
                                    config.deadLetterTopic()));
            if (config.audience() != null) {
                needed.addAll(
                        List.of(
                                config.audience().deltasTopic(),
                                config.audience().controlTopic(),
                                config.audience().auditTopic()));
            }
            List<String> created = topics.createMissing(needed, TopicSetup.REPLAY_PARTITIONS);
            if (!created.isEmpty()) {
                spec.commandLine().getErr().printf("Created missing topics: %s%n", created);
            }
        }
        JobExecutionResult result = FanScoringJob.execute(config);
        spec.commandLine()
                .getOut()
                .printf(
                        "Job %s finished after %.1f s%n",
                        config.jobName(), result.getNetRuntime() / 1000.0);
        return 0;
    }

    /** The job's options and defaults, for {@code ./fanscore run --help}. */
    static String jobOptionsHelp() {
        StringBuilder help = new StringBuilder("%nJob options (default):%n");
        for (ConfigOption<?> option : JobOptions.ALL) {
            help.append(
                    String.format("  --%-26s %s%%n", option.key(), JobOptions.defaultText(option)));
        }
        help.append("  --kafka.<property> <value>   any Kafka client property but a secret%n");
        help.append("SASL login: --kafka-config FILE (sasl.jaas.config), or the environment:%n");
        help.append(
                "  "
                        + KafkaClientSecurity.USERNAME_ENV
                        + ", "
                        + KafkaClientSecurity.PASSWORD_ENV
                        + ",%n  "
                        + KafkaClientSecurity.MECHANISM_ENV
                        + " (optional, default "
                        + KafkaClientSecurity.DEFAULT_MECHANISM
                        + ")%n");
        return help.toString();
    }
}
