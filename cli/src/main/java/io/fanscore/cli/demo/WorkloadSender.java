package io.fanscore.cli.demo;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends generated interactions to Kafka at a steady rate of ticks (a random interaction each, plus
 * the routine interactions and live events that come due with it), all keyed by creator, until it
 * has sent its limit of ticks or is stopped. Runs on its own thread.
 */
public final class WorkloadSender implements Runnable {

    /** Shorter waits are not worth a sleep; the next events go out at once instead. */
    private static final long MIN_SLEEP_NANOS = 1_000_000;

    private final WorkloadGenerator generator;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String interactionsTopic;
    private final String liveTopic;
    private final double eventsPerSecond;
    private final long limit;
    private final SingleObjectCodec<InteractionEvent> interactionCodec =
            new SingleObjectCodec<>(InteractionEvent.class);
    private final SingleObjectCodec<LiveEvent> liveCodec = new SingleObjectCodec<>(LiveEvent.class);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong liveStartsSent = new AtomicLong();
    private final AtomicLong latestEventTime = new AtomicLong(Long.MIN_VALUE);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile long startNanos;
    private volatile long endNanos;

    /** {@code limit} is the number of ticks to send, or {@link Long#MAX_VALUE} for no limit. */
    public WorkloadSender(
            WorkloadGenerator generator,
            KafkaProducer<byte[], byte[]> producer,
            String interactionsTopic,
            String liveTopic,
            double eventsPerSecond,
            long limit) {
        this.generator = generator;
        this.producer = producer;
        this.interactionsTopic = interactionsTopic;
        this.liveTopic = liveTopic;
        this.eventsPerSecond = eventsPerSecond;
        this.limit = limit;
    }

    @Override
    public void run() {
        startNanos = System.nanoTime();
        try {
            for (long n = 0; n < limit && !stopped && failure.get() == null; n++) {
                long wait = startNanos + (long) (n * 1e9 / eventsPerSecond) - System.nanoTime();
                if (wait > MIN_SLEEP_NANOS) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                WorkloadGenerator.Tick tick = generator.next();
                for (InteractionEvent interaction : tick.interactions()) {
                    send(
                            interactionsTopic,
                            interaction.getCreatorId(),
                            interactionCodec.encode(interaction));
                    sent.incrementAndGet();
                    latestEventTime.accumulateAndGet(
                            interaction.getEventTime().toEpochMilli(), Math::max);
                }
                for (LiveEvent live : tick.liveEvents()) {
                    send(liveTopic, live.getCreatorId(), liveCodec.encode(live));
                    if (live.getType() == LiveEventType.LIVE_START) {
                        liveStartsSent.incrementAndGet();
                    }
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            endNanos = System.nanoTime();
            finished.countDown();
        }
    }

    private void send(String topic, String creatorId, byte[] value) {
        producer.send(
                new ProducerRecord<>(topic, creatorId.getBytes(StandardCharsets.UTF_8), value),
                (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    /**
     * Interactions handed to the producer so far (all acknowledged once {@link #awaitDone}
     * returns).
     */
    public long sent() {
        return sent.get();
    }

    /** The simulated clock: the latest event time sent, or {@link Long#MIN_VALUE} before any. */
    public long latestEventTime() {
        return latestEventTime.get();
    }

    /** Live starts handed to the producer so far. */
    public long liveStartsSent() {
        return liveStartsSent.get();
    }

    public Exception failure() {
        return failure.get();
    }

    public boolean awaitDone(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    /** Seconds from the first event to the last (or to now, while sending). */
    public double elapsedSeconds() {
        long end = finished.getCount() == 0 ? endNanos : System.nanoTime();
        return startNanos == 0 ? 0 : (end - startNanos) / 1e9;
    }

    public void stop() {
        stopped = true;
    }
}
