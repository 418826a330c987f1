package io.fanscore.bench;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

/**
 * The benchmark input: {@code events} interactions spread uniformly over {@code pairs} (creator,
 * fan) pairs, event time advancing 100 ms per event (1M events ≈ 28 h, so day starts happen) with
 * up to 3 s of disorder. Deterministic for a seed.
 */
final class BenchWorkload {

    private static final InteractionType[] MIX = {
        InteractionType.VIDEO_VIEW,
        InteractionType.VIDEO_VIEW,
        InteractionType.VIDEO_VIEW,
        InteractionType.LIKE,
        InteractionType.LIKE,
        InteractionType.LIKE,
        InteractionType.COMMENT,
        InteractionType.SHARE,
        InteractionType.WATCH_LIVE,
        InteractionType.GIFT,
        InteractionType.FOLLOW,
        InteractionType.PURCHASE
    };
    private static final int CREATORS = 2_000;
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    private BenchWorkload() {}

    static void produce(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            int events,
            int pairs,
            long seed) {
        SingleObjectCodec<InteractionEvent> codec = new SingleObjectCodec<>(InteractionEvent.class);
        Random random = new Random(seed);
        for (int i = 0; i < events; i++) {
            int pair = random.nextInt(pairs);
            String creator = "creator-" + (pair % CREATORS);
            InteractionType type = MIX[random.nextInt(MIX.length)];
            InteractionEvent event =
                    InteractionEvent.newBuilder()
                            .setEventId("bench-" + i)
                            .setCreatorId(creator)
                            .setFanId("fan-" + (pair / CREATORS))
                            .setType(type)
                            .setEventTime(START.plusMillis(i * 100L + random.nextInt(3_000)))
                            .build();
            if (type == InteractionType.WATCH_LIVE) {
                event.setWatchSeconds(random.nextInt(3_600));
            } else if (type == InteractionType.GIFT || type == InteractionType.PURCHASE) {
                event.setAmountCents((long) random.nextInt(50_000));
            }
            producer.send(
                    new ProducerRecord<>(
                            topic, creator.getBytes(StandardCharsets.UTF_8), codec.encode(event)));
        }
        producer.flush();
    }
}
