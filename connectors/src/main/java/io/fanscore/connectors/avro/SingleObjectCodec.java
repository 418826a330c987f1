package io.fanscore.connectors.avro;

import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.LiveNotification;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Avro single-object encoding (SPEC §1.3: marker {@code C3 01}, CRC-64-AVRO fingerprint of the
 * writer schema, binary body) for one record class. Decodes every writer version the project ships
 * ({@link ShippedSchemas}) into the current class, resolving added fields to their defaults and
 * unknown enum symbols to the enum's default. Not thread-safe; one per task.
 */
public final class SingleObjectCodec<T extends SpecificRecordBase> {

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    /** The hand-written writer of the type, if it has one for its current schema. */
    private final LiveNotificationWriter notificationWriter;

    public SingleObjectCodec(Class<T> type) {
        this.type = type;
        Schema current = SpecificData.get().getSchema(type);
        SchemaStore.Cache writers = new SchemaStore.Cache();
        for (Schema version : ShippedSchemas.versionsOf(current)) {
            writers.addSchema(version);
        }
        SpecificData model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current, writers);
        this.notificationWriter =
                type == LiveNotification.class ? LiveNotificationWriter.forSchema(current) : null;
    }

    public Class<T> type() {
        return type;
    }

    public byte[] encode(T record) {
        if (notificationWriter != null) {
            return notificationWriter.encode((LiveNotification) record);
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public T decode(byte[] bytes) throws DecodeException {
        if (bytes == null) {
            throw new DecodeException(DeadLetterReason.UNDECODABLE, "record has no value", null);
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new DecodeException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "no shipped " + type.getSimpleName() + " schema has this fingerprint",
                    e);
        } catch (BadHeaderException e) {
            throw new DecodeException(
                    DeadLetterReason.UNDECODABLE,
                    "not Avro single-object encoded: " + e.getMessage(),
                    e);
        } catch (IOException
                | AvroRuntimeException
                | IndexOutOfBoundsException
                | NegativeArraySizeException e) {
            throw new DecodeException(
                    DeadLetterReason.UNDECODABLE,
                    "corrupt " + type.getSimpleName() + " body: " + e,
                    e);
        }
    }

    /** The fingerprints this codec can read, for diagnostics. */
    public static List<Long> fingerprints(Class<? extends SpecificRecordBase> type) {
        return ShippedSchemas.versionsOf(SpecificData.get().getSchema(type)).stream()
                .map(SchemaNormalization::parsingFingerprint64)
                .toList();
    }
}
