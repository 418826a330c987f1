package io.fanscore.jobs.state;

import io.fanscore.rules.scoring.RecentIds;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;
import io.fanscore.state.PairState;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import org.apache.avro.Schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The pair state serializer: the record's fields by hand, in zig-zag varints, flags in one byte,
 * enums by ordinal, first-time rewards as a bit set, and remembered event ids with their times as
 * deltas — about half of Avro's bytes and a fraction of its CPU, which matters because every
 * applied event reads and writes one. Fields added to {@link PairState} later are carried by {@link
 * AvroExtraFields}; the snapshot keeps the record schema and the enum symbols the state was written
 * with, so state written by an earlier release (this format, or the Avro one before it) is read and
 * migrated on restore.
 */
public final class PairStateSerializer extends CompactSerializer<PairState> {

    private static final long serialVersionUID = 1L;

    /** The fields written by hand, in {@link #serialize}; every other field is an extra. */
    static final Set<String> KNOWN_FIELDS =
            Set.of(
                    "intimacy",
                    "tier",
                    "day",
                    "day_start_level",
                    "points_today",
                    "type_points_today",
                    "last_active_day",
                    "last_interaction_day",
                    "following",
                    "followed_since",
                    "fan_club",
                    "in_group",
                    "rewarded_once",
                    "notify",
                    "purchases",
                    "wake_at",
                    "recent_event_ids",
                    "spilled_event_ids",
                    "spilled_first_hour",
                    "spilled_last_hour");

    private static final int FOLLOWING = 1;
    private static final int FAN_CLUB = 1 << 1;
    private static final int IN_GROUP = 1 << 2;
    private static final int NOTIFY = 1 << 3;
    private static final int HAS_LAST_ACTIVE_DAY = 1 << 4;
    private static final int HAS_FOLLOWED_SINCE = 1 << 5;
    private static final int HAS_WAKE_AT = 1 << 6;
    private static final int HAS_SPILL = 1 << 7;

    private static final Tier[] TIERS = Tier.values();
    private static final InteractionType[] TYPES = InteractionType.values();

    /** The record schema the state was written with; the current one for new state. */
    private final String writerSchema;

    private final String[] tierSymbols;
    private final String[] typeSymbols;

    private transient Tier[] tierOfOrdinal;
    private transient InteractionType[] typeOfOrdinal;
    private transient AvroExtraFields extras;

    /** Writes and reads state of the current format. */
    public PairStateSerializer() {
        this(PairState.getClassSchema().toString(), names(TIERS), names(TYPES));
    }

    PairStateSerializer(String writerSchema, String[] tierSymbols, String[] typeSymbols) {
        this.writerSchema = writerSchema;
        this.tierSymbols = tierSymbols;
        this.typeSymbols = typeSymbols;
    }

    String writerSchema() {
        return writerSchema;
    }

    String[] tierSymbols() {
        return tierSymbols;
    }

    String[] typeSymbols() {
        return typeSymbols;
    }

    /** Whether state this serializer reads is in the format the current release writes. */
    boolean isCurrent() {
        return writerSchema.equals(PairState.getClassSchema().toString())
                && Arrays.equals(tierSymbols, names(TIERS))
                && Arrays.equals(typeSymbols, names(TYPES));
    }

    @Override
    public void serialize(PairState state, DataOutputView out) throws IOException {
        int flags = 0;
        flags |= state.getFollowing() ? FOLLOWING : 0;
        flags |= state.getFanClub() ? FAN_CLUB : 0;
        flags |= state.getInGroup() ? IN_GROUP : 0;
        flags |= state.getNotify() ? NOTIFY : 0;
        flags |= state.getLastActiveDay() != null ? HAS_LAST_ACTIVE_DAY : 0;
        flags |= state.getFollowedSince() != null ? HAS_FOLLOWED_SINCE : 0;
        flags |= state.getWakeAt() != null ? HAS_WAKE_AT : 0;
        boolean spill =
                state.getSpilledEventIds() != 0
                        || state.getSpilledFirstHour() != 0
                        || state.getSpilledLastHour() != 0;
        flags |= spill ? HAS_SPILL : 0;
        out.writeByte(flags);
        VarInts.writeLong(out, state.getIntimacy());
        out.writeByte(state.getTier().ordinal());
        int day = state.getDay();
        VarInts.writeInt(out, day);
        VarInts.writeInt(out, state.getDayStartLevel());
        VarInts.writeInt(out, state.getPointsToday());
        VarInts.writeInt(out, day - state.getLastInteractionDay());
        if (state.getLastActiveDay() != null) {
            VarInts.writeInt(out, day - state.getLastActiveDay());
        }
        if (state.getFollowedSince() != null) {
            VarInts.writeLong(out, state.getFollowedSince());
        }
        if (state.getWakeAt() != null) {
            VarInts.writeLong(out, state.getWakeAt());
        }
        VarInts.writeInt(out, state.getPurchases());
        Map<String, Integer> typePoints = state.getTypePointsToday();
        VarInts.writeInt(out, typePoints.size());
        for (Map.Entry<String, Integer> points : typePoints.entrySet()) {
            out.writeByte(InteractionType.valueOf(points.getKey()).ordinal());
            VarInts.writeInt(out, points.getValue());
        }
        long rewarded = 0;
        for (String type : state.getRewardedOnce()) {
            rewarded |= 1L << InteractionType.valueOf(type).ordinal();
        }
        VarInts.writeLong(out, rewarded);
        Map<String, Long> ids = state.getRecentEventIds();
        VarInts.writeInt(out, ids.size());
        long previous = 0;
        for (Map.Entry<String, Long> id : ids.entrySet()) {
            VarInts.writeString(out, id.getKey());
            VarInts.writeLong(out, id.getValue() - previous); // times of one day: small deltas
            previous = id.getValue();
        }
        if (spill) {
            VarInts.writeInt(out, state.getSpilledEventIds());
            VarInts.writeLong(out, state.getSpilledFirstHour());
            VarInts.writeLong(out, state.getSpilledLastHour() - state.getSpilledFirstHour());
        }
        extras().write(state, out);
    }

    @Override
    public PairState deserialize(DataInputView in) throws IOException {
        PairState state = new PairState();
        int flags = in.readUnsignedByte();
        state.setFollowing((flags & FOLLOWING) != 0);
        state.setFanClub((flags & FAN_CLUB) != 0);
        state.setInGroup((flags & IN_GROUP) != 0);
        state.setNotify((flags & NOTIFY) != 0);
        state.setIntimacy(VarInts.readLong(in));
        state.setTier(tierOf(in.readUnsignedByte()));
        int day = VarInts.readInt(in);
        state.setDay(day);
        state.setDayStartLevel(VarInts.readInt(in));
        state.setPointsToday(VarInts.readInt(in));
        state.setLastInteractionDay(day - VarInts.readInt(in));
        if ((flags & HAS_LAST_ACTIVE_DAY) != 0) {
            state.setLastActiveDay(day - VarInts.readInt(in));
        }
        if ((flags & HAS_FOLLOWED_SINCE) != 0) {
            state.setFollowedSince(VarInts.readLong(in));
        }
        if ((flags & HAS_WAKE_AT) != 0) {
            state.setWakeAt(VarInts.readLong(in));
        }
        state.setPurchases(VarInts.readInt(in));
        int typeCount = VarInts.readInt(in);
        Map<String, Integer> typePoints = new HashMap<>(Math.max(4, typeCount * 2));
        for (int i = 0; i < typeCount; i++) {
            typePoints.put(typeOf(in.readUnsignedByte()).name(), VarInts.readInt(in));
        }
        state.setTypePointsToday(typePoints);
        long rewarded = VarInts.readLong(in);
        List<String> rewardedOnce = new ArrayList<>(Long.bitCount(rewarded));
        for (int ordinal = 0; rewarded != 0; ordinal++, rewarded >>>= 1) {
            if ((rewarded & 1) != 0) {
                rewardedOnce.add(typeOf(ordinal).name());
            }
        }
        state.setRewardedOnce(rewardedOnce);
        int idCount = VarInts.readInt(in);
        RecentIds ids = new RecentIds(idCount + 1);
        long previous = 0;
        for (int i = 0; i < idCount; i++) {
            String id = VarInts.readString(in);
            previous += VarInts.readLong(in);
            ids.put(id, previous);
        }
        state.setRecentEventIds(ids);
        if ((flags & HAS_SPILL) != 0) {
            state.setSpilledEventIds(VarInts.readInt(in));
            long first = VarInts.readLong(in);
            state.setSpilledFirstHour(first);
            state.setSpilledLastHour(first + VarInts.readLong(in));
        }
        extras().read(state, in);
        return state;
    }

    @Override
    public PairState copy(PairState from) {
        return PairState.newBuilder(from).build();
    }

    @Override
    public PairState createInstance() {
        return new PairState();
    }

    @Override
    public TypeSerializer<PairState> duplicate() {
        return new PairStateSerializer(writerSchema, tierSymbols, typeSymbols);
    }

    @Override
    public TypeSerializerSnapshot<PairState> snapshotConfiguration() {
        return new PairStateSerializerSnapshot(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PairStateSerializer that
                && writerSchema.equals(that.writerSchema)
                && Arrays.equals(tierSymbols, that.tierSymbols)
                && Arrays.equals(typeSymbols, that.typeSymbols);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                writerSchema, Arrays.hashCode(tierSymbols), Arrays.hashCode(typeSymbols));
    }

    private Tier tierOf(int ordinal) {
        if (tierOfOrdinal == null) {
            tierOfOrdinal = bySymbol(tierSymbols, Tier.class);
        }
        return tierOfOrdinal[ordinal];
    }

    private InteractionType typeOf(int ordinal) {
        if (typeOfOrdinal == null) {
            typeOfOrdinal = bySymbol(typeSymbols, InteractionType.class);
        }
        return typeOfOrdinal[ordinal];
    }

    private AvroExtraFields extras() {
        if (extras == null) {
            extras =
                    new AvroExtraFields(
                            new Schema.Parser().parse(writerSchema),
                            PairState.getClassSchema(),
                            KNOWN_FIELDS);
        }
        return extras;
    }

    /** The current constant of each symbol the state was written with, by its old ordinal. */
    private static <E extends Enum<E>> E[] bySymbol(String[] symbols, Class<E> type) {
        @SuppressWarnings("unchecked")
        E[] current = (E[]) java.lang.reflect.Array.newInstance(type, symbols.length);
        for (int i = 0; i < symbols.length; i++) {
            current[i] = Enum.valueOf(type, symbols[i]);
        }
        return current;
    }

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }
}
