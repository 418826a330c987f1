package io.fanscore.jobs.state;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * What the hand-written serializers of mutable records share: no object reuse, variable length, and
 * one rule for restoring state written by another release.
 */
abstract class CompactSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    /**
     * State of the current format is taken as is; state of this format written with another schema,
     * or by the serializer an earlier release used ({@code legacySnapshotClass}), is migrated;
     * anything else is refused.
     *
     * @param writtenCurrent for a snapshot of this format: whether it is the current format; null
     *     for a snapshot of another serializer
     */
    static <T> TypeSerializerSchemaCompatibility<T> compatibility(
            Boolean writtenCurrent, TypeSerializerSnapshot<T> old, String legacySnapshotClass) {
        if (writtenCurrent != null) {
            return writtenCurrent
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        if (old.getClass().getName().equals(legacySnapshotClass)) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }
}
