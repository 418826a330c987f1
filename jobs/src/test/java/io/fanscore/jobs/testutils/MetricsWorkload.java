package io.fanscore.jobs.testutils;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.fanscore.rules.scoring.ScoringFixtures.event;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;

/**
 * The small input the metrics tests count on: {@code likes} likes of one fan, {@code badShares}
 * shares without a fan id (MISSING_FIELD dead letters), then another fan's comment a minute later,
 * which moves the watermark past the likes so they are applied.
 */
public final class MetricsWorkload {

    /** The time of the last record; the watermark ends 10 s and 1 ms before it. */
    public static final java.time.Instant LAST = noonOf(1, Duration.ofSeconds(60));

    private MetricsWorkload() {}

    public static List<Map.Entry<byte[], byte[]>> records(int likes, int badShares) {
        SingleObjectCodec<InteractionEvent> codec = new SingleObjectCodec<>(InteractionEvent.class);
        List<InteractionEvent> events = new ArrayList<>();
        for (int i = 0; i < likes; i++) {
            events.add(event(InteractionType.LIKE, noonOf(1, Duration.ofSeconds(i))));
        }
        for (int i = 0; i < badShares; i++) {
            InteractionEvent noFan =
                    event(InteractionType.SHARE, noonOf(1, Duration.ofSeconds(10 + i)));
            noFan.setFanId("");
            events.add(noFan);
        }
        InteractionEvent later = event(InteractionType.COMMENT, LAST);
        later.setFanId("fan-2");
        events.add(later);
        return events.stream()
                .map(
                        e ->
                                Map.entry(
                                        e.getCreatorId().getBytes(StandardCharsets.UTF_8),
                                        codec.encode(e)))
                .toList();
    }
}
