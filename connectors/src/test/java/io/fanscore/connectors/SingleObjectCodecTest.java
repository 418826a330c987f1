package io.fanscore.connectors;

import io.fanscore.connectors.avro.DecodeException;
import io.fanscore.connectors.avro.ShippedSchemas;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.PackageControl;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SingleObjectCodecTest {

    private final SingleObjectCodec<InteractionEvent> codec =
            new SingleObjectCodec<>(InteractionEvent.class);

    @Test
    void encodesWithTheSingleObjectMarkerAndFingerprint() throws Exception {
        byte[] bytes = codec.encode(like());
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint =
                SchemaNormalization.parsingFingerprint64(InteractionEvent.getClassSchema());
        // The fingerprint is written little-endian.
        assertThat(ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong())
                .isEqualTo(fingerprint);
        assertThat(codec.decode(bytes)).isEqualTo(like());
    }

    @Test
    void bytesWithoutTheMarkerAreUndecodable() {
        assertThatThrownBy(() -> codec.decode("hello world".getBytes()))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE));
    }

    @Test
    void aTruncatedBodyIsUndecodable() {
        byte[] bytes = codec.encode(like());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 5);
        assertThatThrownBy(() -> codec.decode(truncated))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE));
    }

    @Test
    void anUnknownFingerprintIsUnknownSchema() throws Exception {
        Schema other =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
        GenericRecord record = new GenericData.Record(other);
        record.put("x", 1);
        ByteBuffer encoded =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), other).encode(record);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA));
    }

    @Test
    void aCompatibleWriterSchemaWeDoNotShipIsUnknownSchema() throws Exception {
        String newer =
                InteractionEvent.getClassSchema()
                        .toString()
                        .replace("\"NOTIFY_OPT_IN\"", "\"NOTIFY_OPT_IN\",\"SUPER_LIKE\"");
        Schema writer = new Schema.Parser().parse(newer);
        GenericRecord record = new GenericData.Record(writer);
        record.put("event_id", "e1");
        record.put(
                "type",
                new GenericData.EnumSymbol(
                        writer.getField("type").schema().getTypes().get(1), "SUPER_LIKE"));
        BinaryMessageEncoder<GenericRecord> encoder =
                new BinaryMessageEncoder<>(GenericData.get(), writer);
        ByteBuffer encoded = encoder.encode(record);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        SingleObjectCodec<InteractionEvent> knowsNewer =
                new SingleObjectCodec<>(InteractionEvent.class);
        // Only shipped versions are known, so this writer is rejected as UNKNOWN_SCHEMA...
        assertThatThrownBy(() -> knowsNewer.decode(bytes))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA));
    }

    @Test
    void recordsWrittenWithTheShippedV1SchemaAreStillRead() throws Exception {
        Schema v1 = ShippedSchemas.versionsOf(InteractionEvent.getClassSchema()).get(1);
        assertThat(v1.getField("live_id")).isNull();
        GenericRecord old = new GenericData.Record(v1);
        old.put("event_id", "e-1");
        old.put("creator_id", "c-1");
        old.put("fan_id", "f-1");
        old.put(
                "type",
                new GenericData.EnumSymbol(v1.getField("type").schema().getTypes().get(1), "LIKE"));
        old.put("event_time", 1_767_585_600_000L);
        ByteBuffer encoded =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        InteractionEvent read = codec.decode(bytes);

        assertThat(read).isEqualTo(like());
        assertThat(read.getLiveId()).isNull();
    }

    @Test
    void packageControlsWrittenBeforeFanGroupRulesAreReadWithoutThem() throws Exception {
        Schema v1 = ShippedSchemas.versionsOf(PackageControl.getClassSchema()).get(1);
        assertThat(v1.getField("min_follow_days")).isNull();
        GenericRecord old = new GenericData.Record(v1);
        old.put("package_id", "p");
        old.put("action", new GenericData.EnumSymbol(v1.getField("action").schema(), "UPSERT"));
        old.put("creator_id", "c");
        old.put("tiers", List.of());
        old.put("min_level", 3);
        old.put("following_required", true);
        old.put("id_format", "sha256");
        old.put("salt_ref", "s");
        old.put("min_size", 5);
        ByteBuffer encoded =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        PackageControl read = new SingleObjectCodec<>(PackageControl.class).decode(bytes);

        assertThat(read.getMinLevel()).isEqualTo(3);
        assertThat(read.getMinFollowDays()).isNull();
        assertThat(read.getFanClubRequired()).isFalse();
        assertThat(read.getVersionIntervalMs()).isNull();
    }

    @Test
    void everyShippedVersionHasItsOwnFingerprint() {
        assertThat(SingleObjectCodec.fingerprints(InteractionEvent.class))
                .hasSize(2)
                .doesNotHaveDuplicates();
    }

    static InteractionEvent like() {
        return InteractionEvent.newBuilder()
                .setEventId("e-1")
                .setCreatorId("c-1")
                .setFanId("f-1")
                .setType(InteractionType.LIKE)
                .setEventTime(Instant.ofEpochMilli(1_767_585_600_000L))
                .build();
    }
}
