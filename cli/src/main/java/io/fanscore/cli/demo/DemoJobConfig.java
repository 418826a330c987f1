package io.fanscore.cli.demo;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;

import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.time.Duration;

/** The scoring job as the demo runs it: its topics, a fresh group, short intervals, packages. */
final class DemoJobConfig {

    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
    private static final Duration IDLENESS = Duration.ofSeconds(2);

    private DemoJobConfig() {}

    static JobConfig of(String bootstrap, FanscoreHome home, int parallelism) throws IOException {
        // A fresh group and transactional ids per run: nothing of an earlier run is resumed.
        String runId = "fanscore-demo-" + Long.toString(System.currentTimeMillis(), 36);
        Configuration options =
                DemoTopics.onJob(new Configuration())
                        .set(JobOptions.BOOTSTRAP, bootstrap)
                        .set(JobOptions.JOB_NAME, "fanscore-demo")
                        .set(JobOptions.GROUP_ID, runId)
                        .set(JobOptions.TRANSACTIONAL_ID_PREFIX, runId)
                        .set(JobOptions.FROM, JobOptions.StartFrom.EARLIEST)
                        .set(JobOptions.PARALLELISM, parallelism)
                        .set(JobOptions.CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL)
                        .set(JobOptions.CHECKPOINT_DIR, home.checkpointsUri())
                        // Live starts take turns over the partitions of creator.live, so at the
                        // default rates each one carries events several times a second. One can
                        // still stay silent for long (before the first live start, with
                        // --live-every 0, when no creator's key lands on it, or at a low --rate)
                        // and must not hold event time back for the default 30 s; for a demo, a
                        // short idleness is the simpler remedy.
                        .set(JobOptions.IDLENESS, IDLENESS)
                        .set(JobOptions.PROFILE_ASSIGNMENTS, DemoProfiles.assignmentsFile(home))
                        .set(JobOptions.PACKAGES, DemoAudience.definitions(home).toString())
                        .set(JobOptions.PACKAGES_SALTS, DemoAudience.salts(home).toString())
                        .set(
                                JobOptions.PACKAGES_PATH,
                                DemoAudience.packagesDir(home).toUri().toString());
        return JobConfig.from(options);
    }
}
