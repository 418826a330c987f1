package io.fanscore.jobs.state;

import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.SourceDomain;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import org.apache.avro.Schema;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A valid interaction with its source coordinates, by hand: what crosses the network from ingest to
 * the scorer and waits in state until the watermark passes it, once per event. Nullable fields
 * behind a presence bit set, enums by ordinal, times as varints; fields added to {@link
 * InteractionEvent} later travel through {@link AvroExtraFields}, so none is ever dropped on the
 * way. Enum ordinals are those of the running release: the snapshot records the schema, and waiting
 * events of a checkpoint written with another are migrated on restore.
 */
public final class PositionedEventSerializer extends CompactSerializer<PositionedEvent> {

    private static final long serialVersionUID = 1L;

    static final Set<String> KNOWN_FIELDS =
            Set.of(
                    "event_id",
                    "creator_id",
                    "fan_id",
                    "type",
                    "event_time",
                    "watch_seconds",
                    "amount_cents",
                    "source_domain",
                    "live_id");

    private static final int EVENT_ID = 1;
    private static final int CREATOR_ID = 1 << 1;
    private static final int FAN_ID = 1 << 2;
    private static final int TYPE = 1 << 3;
    private static final int EVENT_TIME = 1 << 4;
    private static final int WATCH_SECONDS = 1 << 5;
    private static final int AMOUNT_CENTS = 1 << 6;
    private static final int SOURCE_DOMAIN = 1 << 7;
    private static final int LIVE_ID = 1 << 8;

    private static final InteractionType[] TYPES = InteractionType.values();
    private static final SourceDomain[] DOMAINS = SourceDomain.values();

    private final String writerSchema;
    private transient AvroExtraFields extras;

    public PositionedEventSerializer() {
        this(currentSchema());
    }

    private PositionedEventSerializer(String writerSchema) {
        this.writerSchema = writerSchema;
    }

    /** The interaction schema, which names the enum symbols and so fixes their ordinals. */
    private static String currentSchema() {
        return InteractionEvent.getClassSchema().toString();
    }

    @Override
    public void serialize(PositionedEvent positioned, DataOutputView out) throws IOException {
        InteractionEvent event = positioned.event;
        int present = 0;
        present |= event.getEventId() != null ? EVENT_ID : 0;
        present |= event.getCreatorId() != null ? CREATOR_ID : 0;
        present |= event.getFanId() != null ? FAN_ID : 0;
        present |= event.getType() != null ? TYPE : 0;
        present |= event.getEventTime() != null ? EVENT_TIME : 0;
        present |= event.getWatchSeconds() != null ? WATCH_SECONDS : 0;
        present |= event.getAmountCents() != null ? AMOUNT_CENTS : 0;
        present |= event.getSourceDomain() != null ? SOURCE_DOMAIN : 0;
        present |= event.getLiveId() != null ? LIVE_ID : 0;
        VarInts.writeInt(out, present);
        if (event.getEventId() != null) {
            VarInts.writeString(out, event.getEventId());
        }
        if (event.getCreatorId() != null) {
            VarInts.writeString(out, event.getCreatorId());
        }
        if (event.getFanId() != null) {
            VarInts.writeString(out, event.getFanId());
        }
        if (event.getType() != null) {
            out.writeByte(event.getType().ordinal());
        }
        if (event.getEventTime() != null) {
            VarInts.writeLong(out, event.getEventTime().toEpochMilli());
        }
        if (event.getWatchSeconds() != null) {
            VarInts.writeInt(out, event.getWatchSeconds());
        }
        if (event.getAmountCents() != null) {
            VarInts.writeLong(out, event.getAmountCents());
        }
        if (event.getSourceDomain() != null) {
            out.writeByte(event.getSourceDomain().ordinal());
        }
        if (event.getLiveId() != null) {
            VarInts.writeString(out, event.getLiveId());
        }
        extras().write(event, out);
        VarInts.writeInt(out, positioned.partition);
        VarInts.writeLong(out, positioned.offset);
    }

    @Override
    public PositionedEvent deserialize(DataInputView in) throws IOException {
        InteractionEvent event = new InteractionEvent();
        int present = VarInts.readInt(in);
        if ((present & EVENT_ID) != 0) {
            event.setEventId(VarInts.readString(in));
        }
        if ((present & CREATOR_ID) != 0) {
            event.setCreatorId(VarInts.readString(in));
        }
        if ((present & FAN_ID) != 0) {
            event.setFanId(VarInts.readString(in));
        }
        if ((present & TYPE) != 0) {
            event.setType(TYPES[in.readUnsignedByte()]);
        }
        if ((present & EVENT_TIME) != 0) {
            event.setEventTime(Instant.ofEpochMilli(VarInts.readLong(in)));
        }
        if ((present & WATCH_SECONDS) != 0) {
            event.setWatchSeconds(VarInts.readInt(in));
        }
        if ((present & AMOUNT_CENTS) != 0) {
            event.setAmountCents(VarInts.readLong(in));
        }
        if ((present & SOURCE_DOMAIN) != 0) {
            event.setSourceDomain(DOMAINS[in.readUnsignedByte()]);
        }
        if ((present & LIVE_ID) != 0) {
            event.setLiveId(VarInts.readString(in));
        }
        extras().read(event, in);
        int partition = VarInts.readInt(in);
        long offset = VarInts.readLong(in);
        return new PositionedEvent(event, partition, offset);
    }

    @Override
    public PositionedEvent copy(PositionedEvent from) {
        return new PositionedEvent(
                InteractionEvent.newBuilder(from.event).build(), from.partition, from.offset);
    }

    @Override
    public PositionedEvent createInstance() {
        return new PositionedEvent(new InteractionEvent(), 0, 0);
    }

    @Override
    public TypeSerializer<PositionedEvent> duplicate() {
        return new PositionedEventSerializer(writerSchema);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PositionedEventSerializer that
                && writerSchema.equals(that.writerSchema);
    }

    @Override
    public int hashCode() {
        return Objects.hash(writerSchema);
    }

    @Override
    public TypeSerializerSnapshot<PositionedEvent> snapshotConfiguration() {
        return new Snapshot(writerSchema);
    }

    private AvroExtraFields extras() {
        if (extras == null) {
            extras =
                    new AvroExtraFields(
                            new Schema.Parser().parse(writerSchema),
                            InteractionEvent.getClassSchema(),
                            KNOWN_FIELDS);
        }
        return extras;
    }

    /**
     * The interaction schema the waiting events were written with. Events of another schema, or of
     * the POJO serializer of earlier releases, are migrated; those of another schema are readable
     * only while its enums keep their order, which the schema compatibility rules require anyway
     * (symbols are only ever appended).
     */
    public static final class Snapshot implements TypeSerializerSnapshot<PositionedEvent> {

        private static final int VERSION = 1;
        private static final String POJO_SNAPSHOT =
                "org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot";

        private String writerSchema;

        public Snapshot() {}

        Snapshot(String writerSchema) {
            this.writerSchema = writerSchema;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            SnapshotText.write(out, writerSchema);
        }

        @Override
        public void readSnapshot(int version, DataInputView in, ClassLoader classLoader)
                throws IOException {
            if (version != VERSION) {
                throw new IOException("unknown waiting event snapshot version " + version);
            }
            writerSchema = SnapshotText.read(in);
        }

        @Override
        public TypeSerializer<PositionedEvent> restoreSerializer() {
            return new PositionedEventSerializer(writerSchema);
        }

        @Override
        public TypeSerializerSchemaCompatibility<PositionedEvent> resolveSchemaCompatibility(
                TypeSerializerSnapshot<PositionedEvent> old) {
            Boolean writtenCurrent =
                    old instanceof Snapshot earlier
                            ? earlier.writerSchema.equals(currentSchema())
                            : null;
            return CompactSerializer.compatibility(writtenCurrent, old, POJO_SNAPSHOT);
        }
    }
}
