package io.fanscore.cli.demo;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.Tier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * The demo's subscription pushes (SPEC §12), sent when the time-lapse starts and stamped across it,
 * so the creator caps show all three outcomes: creator-1 pushes every evening (the 9th and later of
 * a calendar month are refused as monthly) and twice on its first day (the second refused as
 * daily); creator-2 pushes to its FAVORABLE fans and above once a week.
 */
final class DemoPushes {

    static final String DAILY_CREATOR = "creator-1";
    static final String WEEKLY_CREATOR = "creator-2";

    private DemoPushes() {}

    /** Sends the pushes of the time-lapse from {@code start} to {@code end}; what to tell. */
    static String send(KafkaProducer<byte[], byte[]> producer, long start, long end) {
        SingleObjectCodec<CreatorPush> codec = new SingleObjectCodec<>(CreatorPush.class);
        int sent = 0;
        LocalDate first = LocalDate.ofInstant(Instant.ofEpochMilli(start), FanRoutines.ZONE);
        for (LocalDate day = first; ; day = day.plusDays(1)) {
            long evening =
                    day.atTime(LocalTime.of(20, 0))
                            .atZone(FanRoutines.ZONE)
                            .toInstant()
                            .toEpochMilli();
            if (evening > end) {
                break;
            }
            if (evening < start) {
                continue;
            }
            // In time order: the creators may share a partition, where lateness is judged.
            if (day.getDayOfWeek() == java.time.DayOfWeek.FRIDAY) {
                sent +=
                        send(
                                producer,
                                codec,
                                WEEKLY_CREATOR,
                                "weekly-" + day,
                                evening - 7_200_000,
                                Tier.FAVORABLE);
            }
            sent += send(producer, codec, DAILY_CREATOR, "evening-" + day, evening, null);
            if (day.equals(first) || day.equals(first.plusDays(1))) {
                sent +=
                        send(
                                producer,
                                codec,
                                DAILY_CREATOR,
                                "late-" + day,
                                evening + 3_600_000,
                                null);
            }
        }
        producer.flush();
        return String.format(
                "Pushes: %d sent on %s (%s every evening, %s weekly to FAVORABLE and above)",
                sent, DemoTopics.PUSHES, DAILY_CREATOR, WEEKLY_CREATOR);
    }

    private static int send(
            KafkaProducer<byte[], byte[]> producer,
            SingleObjectCodec<CreatorPush> codec,
            String creator,
            String name,
            long at,
            Tier minTier) {
        CreatorPush push =
                CreatorPush.newBuilder()
                        .setPushId(creator + "-" + name)
                        .setCreatorId(creator)
                        .setEventTime(Instant.ofEpochMilli(at))
                        .setTitle("demo push " + name)
                        .setMinTier(minTier)
                        .build();
        producer.send(
                new ProducerRecord<>(
                        DemoTopics.PUSHES,
                        creator.getBytes(StandardCharsets.UTF_8),
                        codec.encode(push)));
        return 1;
    }
}
