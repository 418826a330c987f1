package io.fanscore.bench;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.kafka.KafkaClients;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Input stamped with the wall clock at the moment it is produced: one LIKE per new pair (each makes
 * a NONE → POTENTIAL tier change) at a fixed rate, and every two seconds a live start and a
 * subscription push of a creator whose three followers followed during the warm-up (each makes a
 * live and a push notification).
 */
final class PacedWorkload {

    private static final int LIVE_CREATORS = 200;
    private static final int FOLLOWERS = 3;

    private final SingleObjectCodec<InteractionEvent> events =
            new SingleObjectCodec<>(InteractionEvent.class);
    private final SingleObjectCodec<LiveEvent> lives = new SingleObjectCodec<>(LiveEvent.class);
    private final SingleObjectCodec<CreatorPush> pushes =
            new SingleObjectCodec<>(CreatorPush.class);
    private final String bootstrap;
    private final OutputLatencies outputs;
    private int tierChanges;
    private int notifications;
    private int pushNotifications;

    PacedWorkload(String bootstrap, OutputLatencies outputs) {
        this.bootstrap = bootstrap;
        this.outputs = outputs;
    }

    /**
     * Followers for every live creator, whose outputs are not timed: the run starts once their tier
     * changes were read, so that start-up is not measured.
     */
    void warmUp() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap)) {
            for (int c = 0; c < LIVE_CREATORS; c++) {
                for (int f = 0; f < FOLLOWERS; f++) {
                    send(
                            producer,
                            "warm-" + c + "-" + f,
                            "live-creator-" + c,
                            "follower-" + c + "-" + f,
                            InteractionType.FOLLOW);
                }
            }
        }
        if (!outputs.awaitTierChangesRead(LIVE_CREATORS * FOLLOWERS, Duration.ofMinutes(2))) {
            throw new IllegalStateException("the warm-up's tier changes never came");
        }
    }

    void run(int rate, Duration duration) throws Exception {
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long nextLive = start + 2_000_000_000L;
        int live = 0;
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap)) {
            for (long i = 0; ; i++) {
                long due = start + i * periodNanos;
                if (due >= end) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String id = "like-" + i;
                outputs.produced(id, System.currentTimeMillis());
                send(producer, id, "creator-" + (i % 50), "fan-" + i, InteractionType.LIKE);
                tierChanges++;
                if (System.nanoTime() >= nextLive && live < LIVE_CREATORS) {
                    String liveId = "live-" + live;
                    outputs.produced(liveId, System.currentTimeMillis());
                    sendLive(producer, liveId, "live-creator-" + live);
                    String pushId = "push-" + live;
                    outputs.produced(pushId, System.currentTimeMillis());
                    sendPush(producer, pushId, "live-creator-" + live);
                    live++;
                    notifications += FOLLOWERS;
                    pushNotifications += FOLLOWERS;
                    nextLive += 2_000_000_000L;
                }
            }
        }
    }

    int expectedTierChanges() {
        return tierChanges;
    }

    int expectedNotifications() {
        return notifications;
    }

    int expectedPushNotifications() {
        return pushNotifications;
    }

    private void send(
            KafkaProducer<byte[], byte[]> producer,
            String id,
            String creator,
            String fan,
            InteractionType type) {
        InteractionEvent event =
                InteractionEvent.newBuilder()
                        .setEventId(id)
                        .setCreatorId(creator)
                        .setFanId(fan)
                        .setType(type)
                        .setEventTime(Instant.ofEpochMilli(System.currentTimeMillis()))
                        .build();
        producer.send(
                new ProducerRecord<>(LatencyBenchmark.INPUT, key(creator), events.encode(event)));
    }

    private void sendLive(KafkaProducer<byte[], byte[]> producer, String liveId, String creator) {
        LiveEvent start =
                LiveEvent.newBuilder()
                        .setLiveId(liveId)
                        .setCreatorId(creator)
                        .setType(LiveEventType.LIVE_START)
                        .setEventTime(Instant.ofEpochMilli(System.currentTimeMillis()))
                        .build();
        producer.send(
                new ProducerRecord<>(LatencyBenchmark.LIVE, key(creator), lives.encode(start)));
        producer.flush(); // a live start is timed from now: do not let it linger
    }

    private void sendPush(KafkaProducer<byte[], byte[]> producer, String pushId, String creator) {
        CreatorPush push =
                CreatorPush.newBuilder()
                        .setPushId(pushId)
                        .setCreatorId(creator)
                        .setEventTime(Instant.ofEpochMilli(System.currentTimeMillis()))
                        .build();
        producer.send(
                new ProducerRecord<>(LatencyBenchmark.PUSHES, key(creator), pushes.encode(push)));
        producer.flush(); // timed from now, like a live start
    }

    private static byte[] key(String creator) {
        return creator.getBytes(StandardCharsets.UTF_8);
    }
}
