package io.fanscore.jobs.testutils;

import org.apache.flink.core.execution.JobClient;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** Stopping a job a test started with {@code executeAsync}. */
public final class RunningJobs {

    private RunningJobs() {}

    /**
     * Cancels {@code job} and waits until it has ended. {@code cancel()} completes once the request
     * is accepted, while tasks may still be finishing a checkpoint into the test's directory and
     * holding slots the next test needs.
     */
    public static void cancelAndAwaitEnd(JobClient job) throws Exception {
        job.cancel().get(1, TimeUnit.MINUTES);
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> job.getJobStatus().get().isGloballyTerminalState());
    }
}
