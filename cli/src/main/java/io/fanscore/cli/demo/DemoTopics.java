package io.fanscore.cli.demo;

import io.fanscore.connectors.Topics;
import io.fanscore.jobs.JobOptions;

import org.apache.flink.configuration.Configuration;

import java.util.List;

/**
 * The demo's own topics: the project topics under a prefix, given to the job by its {@code
 * --topic.*} options. A replay with {@code kafka start}, {@code produce} and {@code run} uses the
 * project topics and so never reads the demo's events, which are newer than any replay file.
 */
public final class DemoTopics {

    public static final String PREFIX = "demo.";

    public static final String INTERACTIONS = PREFIX + Topics.INTERACTIONS;
    public static final String LIVE = PREFIX + Topics.LIVE;
    public static final String TIER_CHANGES = PREFIX + Topics.TIER_CHANGES;
    public static final String LIVE_NOTIFICATIONS = PREFIX + Topics.LIVE_NOTIFICATIONS;
    public static final String AUDIENCE_DELTAS = PREFIX + Topics.AUDIENCE_DELTAS;
    public static final String DEAD_LETTER = PREFIX + Topics.DEAD_LETTER;
    public static final String PACKAGE_CONTROL = PREFIX + Topics.PACKAGE_CONTROL;
    public static final String PACKAGE_AUDIT = PREFIX + Topics.PACKAGE_AUDIT;
    public static final String PROFILES = PREFIX + Topics.PROFILES;
    public static final String PUSHES = PREFIX + Topics.PUSHES;
    public static final String PUSH_OUTCOMES = PREFIX + Topics.PUSH_OUTCOMES;
    public static final String PUSH_NOTIFICATIONS = PREFIX + Topics.PUSH_NOTIFICATIONS;
    public static final String ERASURES = PREFIX + Topics.ERASURES;
    public static final String ERASURE_OUTCOMES = PREFIX + Topics.ERASURE_OUTCOMES;

    public static final List<String> ALL = Topics.ALL.stream().map(t -> PREFIX + t).toList();

    private DemoTopics() {}

    /** The demo's topics on the job's {@code options}. */
    static Configuration onJob(Configuration options) {
        return options.set(JobOptions.INTERACTIONS_TOPIC, INTERACTIONS)
                .set(JobOptions.LIVE_TOPIC, LIVE)
                .set(JobOptions.TIER_CHANGES_TOPIC, TIER_CHANGES)
                .set(JobOptions.LIVE_NOTIFICATIONS_TOPIC, LIVE_NOTIFICATIONS)
                .set(JobOptions.DEAD_LETTER_TOPIC, DEAD_LETTER)
                .set(JobOptions.AUDIENCE_DELTAS_TOPIC, AUDIENCE_DELTAS)
                .set(JobOptions.PACKAGE_CONTROL_TOPIC, PACKAGE_CONTROL)
                .set(JobOptions.PACKAGE_AUDIT_TOPIC, PACKAGE_AUDIT)
                .set(JobOptions.PROFILES_TOPIC, PROFILES)
                .set(JobOptions.PUSHES_TOPIC, PUSHES)
                .set(JobOptions.PUSH_OUTCOMES_TOPIC, PUSH_OUTCOMES)
                .set(JobOptions.PUSH_NOTIFICATIONS_TOPIC, PUSH_NOTIFICATIONS)
                .set(JobOptions.ERASURES_TOPIC, ERASURES)
                .set(JobOptions.ERASURE_OUTCOMES_TOPIC, ERASURE_OUTCOMES);
    }
}
