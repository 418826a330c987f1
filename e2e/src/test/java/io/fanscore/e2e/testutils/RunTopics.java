package io.fanscore.e2e.testutils;

import io.fanscore.cli.kafka.TopicSetup;

import java.util.ArrayList;
import java.util.List;

/**
 * One job run's own output topics, consumer group and transactional ids, and the job options that
 * point it at them and at the shared input topics.
 */
public record RunTopics(String run) {

    public String tierChanges() {
        return run + ".tier-changes";
    }

    public String notifications() {
        return run + ".live-notifications";
    }

    public String deadLetters() {
        return run + ".deadletter";
    }

    public String group() {
        return run;
    }

    public void create(String bootstrap) throws InterruptedException {
        try (TopicSetup topics = new TopicSetup(bootstrap)) {
            topics.createMissing(
                    List.of(tierChanges(), notifications(), deadLetters()),
                    ScoringWorkload.PARTITIONS);
        }
    }

    /**
     * The job's options: 1 s checkpoints (exactly-once output shows at that pace), parallelism 2,
     * and an idleness far beyond the test, because a source that went idle drops the final
     * watermark of a drain (every input partition gets records, so none needs it).
     */
    public List<String> jobArgs(String bootstrap, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bootstrap",
                                bootstrap,
                                "--job-name",
                                run,
                                "--topic.interactions",
                                ScoringWorkload.INTERACTIONS_TOPIC,
                                "--topic.live",
                                ScoringWorkload.LIVE_TOPIC,
                                // History with an idleness beyond the test: an empty assignments
                                // topic would hold event time all along, so none is read.
                                "--topic.profiles",
                                "",
                                "--topic.tier-changes",
                                tierChanges(),
                                "--topic.live-notifications",
                                notifications(),
                                "--topic.deadletter",
                                deadLetters(),
                                "--group-id",
                                group(),
                                "--transactional-id-prefix",
                                run,
                                "--checkpoint-interval",
                                "1s",
                                "--idleness",
                                "1h",
                                "--parallelism",
                                "2",
                                "--notify.buckets",
                                "16"));
        args.addAll(List.of(extra));
        return args;
    }
}
