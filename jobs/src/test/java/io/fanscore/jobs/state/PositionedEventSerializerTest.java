package io.fanscore.jobs.state;

import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.SourceDomain;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PositionedEventSerializerTest {

    private final PositionedEventSerializer serializer = new PositionedEventSerializer();

    @Test
    void anEventWithEveryFieldReadsBackEqual() throws Exception {
        InteractionEvent event =
                InteractionEvent.newBuilder()
                        .setEventId("e-1")
                        .setCreatorId("c1")
                        .setFanId("f1")
                        .setType(InteractionType.WATCH_LIVE)
                        .setEventTime(Instant.ofEpochMilli(1_780_000_000_123L))
                        .setWatchSeconds(600)
                        .setAmountCents(12_345L)
                        .setSourceDomain(SourceDomain.COMMERCIAL)
                        .setLiveId("L1")
                        .build();

        PositionedEvent read = roundTrip(new PositionedEvent(event, 3, 1_234_567_890L));

        assertThat(read.event).isEqualTo(event);
        assertThat(read.partition).isEqualTo(3);
        assertThat(read.offset).isEqualTo(1_234_567_890L);
    }

    @Test
    void absentFieldsStayAbsent() throws Exception {
        InteractionEvent event =
                InteractionEvent.newBuilder()
                        .setEventId("e-2")
                        .setCreatorId("c1")
                        .setFanId("f1")
                        .setType(InteractionType.LIKE)
                        .setEventTime(Instant.ofEpochMilli(5))
                        .build();

        assertThat(roundTrip(new PositionedEvent(event, 0, 0)).event).isEqualTo(event);
    }

    @Test
    void isFarSmallerThanThePojoOfAnAvroRecord() throws Exception {
        InteractionEvent event =
                InteractionEvent.newBuilder()
                        .setEventId("bench-123456")
                        .setCreatorId("creator-17")
                        .setFanId("fan-42")
                        .setType(InteractionType.LIKE)
                        .setEventTime(Instant.ofEpochMilli(1_780_000_000_123L))
                        .build();
        PositionedEvent positioned = new PositionedEvent(event, 1, 99_999);
        var pojo =
                TypeExtractor.createTypeInfo(PositionedEvent.class)
                        .createSerializer(new SerializerConfigImpl());
        DataOutputSerializer pojoBytes = new DataOutputSerializer(128);
        pojo.serialize(positioned, pojoBytes);

        assertThat(bytes(positioned).length).isLessThan(pojoBytes.length());
    }

    @Test
    void theSnapshotOfTheRunningReleaseIsCompatibleAsIs() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<PositionedEvent> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());

        assertThat(
                        serializer
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(read)
                                .isCompatibleAsIs())
                .isTrue();
    }

    private PositionedEvent roundTrip(PositionedEvent event) throws Exception {
        return serializer.deserialize(new DataInputDeserializer(bytes(event)));
    }

    private byte[] bytes(PositionedEvent event) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(event, out);
        return out.getCopyOfBuffer();
    }
}
