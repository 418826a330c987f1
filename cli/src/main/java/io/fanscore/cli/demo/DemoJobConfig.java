package io.fanscore.cli.demo;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.jobs.JobConfig;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The scoring job as the demo runs it: its topics, a fresh group, short intervals, packages. */
final class DemoJobConfig {

    static final String CHECKPOINT_INTERVAL = "2s";
    private static final String IDLENESS = "2s";

    private DemoJobConfig() {}

    static JobConfig of(String bootstrap, FanscoreHome home, int parallelism) throws IOException {
        // A fresh group and transactional ids per run: nothing of an earlier run is resumed.
        String runId = "fanscore-demo-" + Long.toString(System.currentTimeMillis(), 36);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("bootstrap", bootstrap);
        options.put("job-name", "fanscore-demo");
        options.put("group-id", runId);
        options.put("transactional-id-prefix", runId);
        options.put("from", "earliest");
        options.putAll(DemoTopics.jobOptions());
        options.put("parallelism", Integer.toString(parallelism));
        options.put("checkpoint-interval", CHECKPOINT_INTERVAL);
        options.put("checkpoint-dir", home.checkpointsUri());
        // Live starts take turns over the partitions of creator.live, so at the default rates each
        // one carries events several times a second. One can still stay silent for long (before
        // the first live start, with --live-every 0, when no creator's key lands on it, or at a
        // low --rate) and must not hold event time back for the default 30 s; for a demo, a short
        // idleness is the simpler remedy.
        options.put("idleness", IDLENESS);
        options.put("packages", DemoAudience.definitions(home).toString());
        options.put("packages.salts", DemoAudience.salts(home).toString());
        options.put("packages.path", DemoAudience.packagesDir(home).toUri().toString());
        return JobConfig.fromArgs(
                options.entrySet().stream()
                        .flatMap(option -> Stream.of("--" + option.getKey(), option.getValue()))
                        .toArray(String[]::new));
    }
}
