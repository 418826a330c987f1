package io.fanscore.jobs.state;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fields of a state record that its hand-written serializer does not know, written after the
 * known ones in Avro binary and read back with Avro's schema resolution: a field added to the
 * record's schema (with a default) is kept in state from the first release that has it, and state
 * written before it reads the default. What keeps state evolvable without a serializer change.
 */
final class AvroExtraFields {

    private final List<Schema.Field> written;
    private final List<Schema.Field> readerFields;
    private final List<Schema.Field> defaulted;

    /** Built once: once a release adds a field, every state record carries it. */
    private final List<DatumWriter<Object>> writers = new ArrayList<>();

    private final List<DatumReader<Object>> readers = new ArrayList<>();

    /**
     * @param writer the record's schema when the state was written
     * @param reader the record's schema now
     * @param known the fields the serializer writes itself
     */
    AvroExtraFields(Schema writer, Schema reader, Set<String> known) {
        this.written = extra(writer, known);
        this.readerFields = new ArrayList<>();
        for (Schema.Field field : written) {
            Schema.Field readerField = reader.getField(field.name());
            readerFields.add(readerField);
            writers.add(new SpecificDatumWriter<>(field.schema()));
            readers.add(
                    readerField == null
                            ? new GenericDatumReader<>(field.schema()) // read to be dropped
                            : new SpecificDatumReader<>(field.schema(), readerField.schema()));
        }
        this.defaulted = new ArrayList<>();
        for (Schema.Field field : extra(reader, known)) {
            if (writer.getField(field.name()) == null) {
                defaulted.add(field);
            }
        }
    }

    /**
     * Writes the extra fields of {@code record} as the reader schema has them (the current one).
     */
    void write(SpecificRecordBase record, DataOutputView out) throws IOException {
        if (written.isEmpty()) {
            return;
        }
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(asStream(out), null);
        for (int i = 0; i < written.size(); i++) {
            writers.get(i).write(record.get(written.get(i).pos()), encoder);
        }
        encoder.flush();
    }

    /**
     * Reads the extra fields into {@code record}, defaults for those written before they existed.
     */
    void read(SpecificRecordBase record, DataInputView in) throws IOException {
        if (!written.isEmpty()) {
            BinaryDecoder decoder = DecoderFactory.get().directBinaryDecoder(asStream(in), null);
            for (int i = 0; i < written.size(); i++) {
                Object value = readers.get(i).read(null, decoder);
                Schema.Field readerField = readerFields.get(i);
                if (readerField != null) {
                    record.put(readerField.pos(), value);
                }
            }
        }
        for (Schema.Field field : defaulted) {
            // A copy: Avro keeps one default object per field, and state records are mutated.
            Object value = SpecificData.get().getDefaultValue(field);
            record.put(field.pos(), SpecificData.get().deepCopy(field.schema(), value));
        }
    }

    private static List<Schema.Field> extra(Schema schema, Set<String> known) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            if (!known.contains(field.name())) {
                fields.add(field);
            }
        }
        return fields;
    }

    private static OutputStream asStream(DataOutputView out) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }
        };
    }

    /** Reads byte by byte: Avro's direct decoder never reads past what it decodes. */
    private static InputStream asStream(DataInputView in) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return in.readUnsignedByte();
            }
        };
    }
}
