package io.fanscore.cli.demo;

import io.fanscore.connectors.Topics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    public static final List<String> ALL = Topics.ALL.stream().map(t -> PREFIX + t).toList();

    private DemoTopics() {}

    /** The job options that point the job at these topics. */
    static Map<String, String> jobOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("topic.interactions", INTERACTIONS);
        options.put("topic.live", LIVE);
        options.put("topic.tier-changes", TIER_CHANGES);
        options.put("topic.live-notifications", LIVE_NOTIFICATIONS);
        options.put("topic.deadletter", DEAD_LETTER);
        options.put("topic.audience-deltas", AUDIENCE_DELTAS);
        options.put("topic.package-control", PACKAGE_CONTROL);
        return options;
    }
}
