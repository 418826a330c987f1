package io.fanscore.jobs.state;

import io.fanscore.state.PairState;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * What a checkpoint records of the pair state format: the record schema and the enum symbols it was
 * written with. On restore, state of the current format is taken as is; state of an earlier schema
 * or symbol order, or written by the generic Avro serializer of releases before this format, is
 * read with its own serializer and rewritten in the current format (Flink's state migration).
 */
public final class PairStateSerializerSnapshot implements TypeSerializerSnapshot<PairState> {

    private static final int VERSION = 1;

    /** The snapshot class of the generic Avro serializer, which earlier releases kept state in. */
    private static final String AVRO_SNAPSHOT =
            "org.apache.flink.formats.avro.typeutils.AvroSerializerSnapshot";

    private PairStateSerializer serializer;

    /** For Flink, which reads the fields with {@link #readSnapshot}. */
    public PairStateSerializerSnapshot() {}

    PairStateSerializerSnapshot(PairStateSerializer serializer) {
        this.serializer = serializer;
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        SnapshotText.write(out, serializer.writerSchema());
        writeSymbols(out, serializer.tierSymbols());
        writeSymbols(out, serializer.typeSymbols());
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
            throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("unknown pair state snapshot version " + readVersion);
        }
        String schema = SnapshotText.read(in);
        serializer = new PairStateSerializer(schema, readSymbols(in), readSymbols(in));
    }

    @Override
    public TypeSerializer<PairState> restoreSerializer() {
        return serializer;
    }

    @Override
    public TypeSerializerSchemaCompatibility<PairState> resolveSchemaCompatibility(
            TypeSerializerSnapshot<PairState> old) {
        Boolean writtenCurrent =
                old instanceof PairStateSerializerSnapshot earlier
                        ? earlier.serializer.isCurrent()
                        : null;
        return CompactSerializer.compatibility(writtenCurrent, old, AVRO_SNAPSHOT);
    }

    private static void writeSymbols(DataOutputView out, String[] symbols) throws IOException {
        out.writeInt(symbols.length);
        for (String symbol : symbols) {
            out.writeUTF(symbol);
        }
    }

    private static String[] readSymbols(DataInputView in) throws IOException {
        String[] symbols = new String[in.readInt()];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = in.readUTF();
        }
        return symbols;
    }
}
