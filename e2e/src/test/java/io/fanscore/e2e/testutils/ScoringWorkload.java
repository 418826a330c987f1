package io.fanscore.e2e.testutils;

import io.fanscore.cli.demo.WorkloadGenerator;
import io.fanscore.cli.demo.WorkloadSender;
import io.fanscore.connectors.kafka.KafkaClients;

import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The demo's workload, small and deterministic: Zipf-popular creators, heavy-tailed fans, live
 * starts (about one per {@link #LIVE_EVERY} interactions), a few records with an empty fan_id that
 * the job dead-letters, and a simulated clock of one minute per interaction, so that two weeks pass
 * over {@link #INTERACTIONS} interactions (daily caps, decay after 7 idle days). The same seed
 * gives the same records, keys and so the same partitions and offsets.
 */
public final class ScoringWorkload {

    public static final int INTERACTIONS = 20_000;
    public static final int LIVE_EVERY = 150;
    public static final String INTERACTIONS_TOPIC = "e2e.interactions";
    public static final String LIVE_TOPIC = "e2e.live";
    public static final int PARTITIONS = 2;

    private static final long START = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    /** A minute per interaction, for more interactions than a test sends; no loyal fans. */
    private static final WorkloadGenerator.Settings SETTINGS =
            new WorkloadGenerator.Settings(
                    20_261_123L,
                    40,
                    3_000,
                    START,
                    START + 100_000 * 60_000L,
                    100_000,
                    0,
                    0,
                    0.002,
                    LIVE_EVERY,
                    PARTITIONS);

    private final WorkloadGenerator generator =
            new WorkloadGenerator(SETTINGS, () -> SETTINGS.end());
    private final KafkaProducer<byte[], byte[]> producer;

    public ScoringWorkload(String bootstrap) {
        this.producer = KafkaClients.producer(bootstrap);
    }

    /**
     * Starts sending the next {@code interactions} of the sequence (and the live events due with
     * them) at {@code perSecond}, on a thread of its own.
     */
    public WorkloadSender start(long interactions, double perSecond) {
        WorkloadSender sender =
                new WorkloadSender(
                        generator,
                        producer,
                        INTERACTIONS_TOPIC,
                        LIVE_TOPIC,
                        perSecond,
                        interactions);
        Thread thread = new Thread(sender, "e2e-workload");
        thread.setDaemon(true);
        thread.start();
        return sender;
    }

    /** Sends the next {@code interactions} as fast as the broker takes them, and waits. */
    public void send(long interactions) throws Exception {
        awaitDone(start(interactions, 1e9), Duration.ofMinutes(2));
    }

    public static void awaitDone(WorkloadSender sender, Duration timeout) throws Exception {
        if (!sender.awaitDone(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the workload was not sent within " + timeout);
        }
        if (sender.failure() != null) {
            throw sender.failure();
        }
    }

    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
