package io.fanscore.jobs.state;

import io.fanscore.schema.Tier;
import io.fanscore.state.PairState;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PairStateSerializerTest {

    private final PairStateSerializer serializer = new PairStateSerializer();

    @Test
    void aPairWithEveryFieldSetReadsBackEqual() throws Exception {
        PairState state = fullState();

        assertThat(roundTrip(serializer, state)).isEqualTo(state);
    }

    @Test
    void aFreshPairWithNothingOptionalReadsBackEqual() throws Exception {
        PairState state = minimalState();

        assertThat(roundTrip(serializer, state)).isEqualTo(state);
    }

    @Test
    void negativeAndLargeValuesSurvive() throws Exception {
        PairState state = fullState();
        state.setIntimacy(Long.MAX_VALUE);
        state.setDay(-3);
        state.setLastInteractionDay(Integer.MIN_VALUE / 2);
        state.setWakeAt(Long.MIN_VALUE);
        state.getRecentEventIds().put("early", -5L);

        assertThat(roundTrip(serializer, state)).isEqualTo(state);
    }

    @Test
    void isLessThanHalfOfAvrosBytesForATypicalPair() throws Exception {
        PairState state = fullState();
        int compact = bytes(serializer, state).length;
        int avro = bytes(new AvroSerializer<>(PairState.class), state).length;

        assertThat(compact).isLessThan(avro * 6 / 10);
    }

    @Test
    void stateOfTheCurrentFormatIsRestoredAsIs() throws Exception {
        TypeSerializerSnapshot<PairState> restored = reread(serializer.snapshotConfiguration());

        assertThat(
                        serializer
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(restored)
                                .isCompatibleAsIs())
                .isTrue();
        assertThat(roundTrip(restored.restoreSerializer(), serializer, fullState()))
                .isEqualTo(fullState());
    }

    @Test
    void stateOfTheEarlierAvroFormatIsMigrated() throws Exception {
        AvroSerializer<PairState> avro = new AvroSerializer<>(PairState.class);
        TypeSerializerSnapshot<PairState> old = reread(avro.snapshotConfiguration());

        TypeSerializerSchemaCompatibility<PairState> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(old);

        assertThat(compatibility.isCompatibleAfterMigration()).isTrue();
    }

    @Test
    void stateWrittenWithAnotherEnumOrderReadsByName() throws Exception {
        String[] tiers = {"NONE", "DEVOTED", "FAVORABLE", "CASUAL", "POTENTIAL"};
        PairStateSerializer writer =
                new PairStateSerializer(
                        PairState.getClassSchema().toString(), tiers, serializer.typeSymbols());
        PairState state = fullState();
        state.setIntimacy(3); // one varint byte
        DataOutputSerializer out = new DataOutputSerializer(64);
        writer.serialize(state, out);
        byte[] written = out.getCopyOfBuffer();
        written[2] = 1; // the tier byte follows the flags and a one-byte intimacy: DEVOTED there

        PairState read = writer.deserialize(new DataInputDeserializer(written));

        assertThat(read.getTier()).isEqualTo(Tier.DEVOTED);
        assertThat(writer.isCurrent()).isFalse();
        assertThat(
                        serializer
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(writer.snapshotConfiguration())
                                .isCompatibleAfterMigration())
                .isTrue();
    }

    @Test
    void aFieldWrittenByANewerSchemaThatThisOneLacksIsSkipped() throws Exception {
        Schema newer = withField(PairState.getClassSchema(), "note");
        PairStateSerializer newerWriter =
                new PairStateSerializer(
                        newer.toString(), serializer.tierSymbols(), serializer.typeSymbols());
        PairState state = fullState();
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(state, out);
        ByteArrayOutputStream note = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(note, null);
        encoder.writeIndex(1);
        encoder.writeString("written by a newer release");
        encoder.flush();
        out.write(note.toByteArray());
        out.writeInt(42); // what follows the record in a stream must still be where it was
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

        assertThat(newerWriter.deserialize(in)).isEqualTo(state);
        assertThat(in.readInt()).isEqualTo(42);
    }

    private static Schema withField(Schema schema, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(
                new Schema.Field(
                        name,
                        Schema.createUnion(
                                Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                        null,
                        org.apache.avro.JsonProperties.NULL_VALUE));
        return Schema.createRecord(schema.getName(), null, schema.getNamespace(), false, fields);
    }

    static PairState fullState() {
        Map<String, Integer> typePoints = new HashMap<>();
        typePoints.put("LIKE", 5);
        typePoints.put("WATCH_LIVE", 30);
        Map<String, Long> ids = new HashMap<>();
        ids.put("0b9f6c1e-2d3a-4c5b-9e8f-7a6b5c4d3e2f", 1_780_000_000_000L);
        ids.put("evt-2", 1_780_000_003_500L);
        ids.put("evt-3", 1_779_999_990_000L);
        return PairState.newBuilder()
                .setIntimacy(87)
                .setTier(Tier.CASUAL)
                .setDay(20_600)
                .setDayStartLevel(3)
                .setPointsToday(35)
                .setTypePointsToday(typePoints)
                .setLastActiveDay(20_598)
                .setLastInteractionDay(20_599)
                .setFollowing(true)
                .setFollowedSince(1_779_000_000_000L)
                .setFanClub(true)
                .setInGroup(false)
                .setRewardedOnce(new ArrayList<>(List.of("FOLLOW", "JOIN_GROUP")))
                .setNotify(false)
                .setPurchases(2)
                .setWakeAt(1_780_100_000_000L)
                .setRecentEventIds(ids)
                .setSpilledEventIds(70)
                .setSpilledFirstHour(494_444L)
                .setSpilledLastHour(494_450L)
                .build();
    }

    private static PairState minimalState() {
        return PairState.newBuilder()
                .setDay(20_600)
                .setLastInteractionDay(20_600)
                .setTypePointsToday(new HashMap<>())
                .setRewardedOnce(new ArrayList<>())
                .setRecentEventIds(new HashMap<>())
                .build();
    }

    private static PairState roundTrip(TypeSerializer<PairState> serializer, PairState state)
            throws Exception {
        return roundTrip(serializer, serializer, state);
    }

    private static PairState roundTrip(
            TypeSerializer<PairState> reader, TypeSerializer<PairState> writer, PairState state)
            throws Exception {
        return reader.deserialize(new DataInputDeserializer(bytes(writer, state)));
    }

    private static byte[] bytes(TypeSerializer<PairState> serializer, PairState state)
            throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(state, out);
        return out.getCopyOfBuffer();
    }

    private static TypeSerializerSnapshot<PairState> reread(TypeSerializerSnapshot<PairState> snap)
            throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snap);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()),
                PairStateSerializerTest.class.getClassLoader());
    }
}
