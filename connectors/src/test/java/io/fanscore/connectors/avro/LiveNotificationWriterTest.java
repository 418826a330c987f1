package io.fanscore.connectors.avro;

import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.Tier;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LiveNotificationWriterTest {

    private static final String[] TEXTS = {
        "", "c", "fan-123456", "直播间", "ファン", "🎉 live", "a\u0000b", "x".repeat(300)
    };

    @Test
    void writesTheCurrentSchema() {
        assertThat(LiveNotificationWriter.forSchema(LiveNotification.getClassSchema()))
                .as("LiveNotification's schema changed: update LiveNotificationWriter")
                .isNotNull();
    }

    @Test
    void writesExactlyWhatAvroWritesWhateverTheValues() throws Exception {
        BinaryMessageEncoder<LiveNotification> avro =
                new BinaryMessageEncoder<>(
                        SpecificData.getForClass(LiveNotification.class),
                        LiveNotification.getClassSchema());
        LiveNotificationWriter writer =
                LiveNotificationWriter.forSchema(LiveNotification.getClassSchema());
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            LiveNotification notification =
                    new LiveNotification(
                            text(random),
                            text(random),
                            text(random),
                            text(random),
                            Tier.values()[random.nextInt(Tier.values().length)],
                            i % 3 == 0 ? random.nextInt() : random.nextInt(20),
                            Instant.ofEpochMilli(edgyLong(random)),
                            Instant.ofEpochMilli(edgyLong(random)));
            ByteBuffer expected = avro.encode(notification);
            byte[] expectedBytes = new byte[expected.remaining()];
            expected.get(expectedBytes);
            assertThat(writer.encode(notification)).as("record %d", i).isEqualTo(expectedBytes);
        }
    }

    @Test
    void declinesAnyOtherSchema() {
        Schema other =
                SchemaBuilder.record("LiveNotification")
                        .namespace("io.fanscore.schema")
                        .fields()
                        .requiredString("notification_id")
                        .endRecord();
        assertThat(LiveNotificationWriter.forSchema(other)).isNull();
    }

    private static String text(Random random) {
        return random.nextInt(4) == 0
                ? TEXTS[random.nextInt(TEXTS.length)]
                : "id-" + Long.toHexString(random.nextLong());
    }

    private static long edgyLong(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Long.MAX_VALUE - random.nextInt(3);
            case 1 -> Long.MIN_VALUE + random.nextInt(3);
            case 2 -> -random.nextInt(1_000_000);
            default -> 1_780_000_000_000L + random.nextInt(1_000_000_000);
        };
    }
}
