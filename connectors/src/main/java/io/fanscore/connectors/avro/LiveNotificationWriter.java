package io.fanscore.connectors.avro;

import io.fanscore.schema.LiveNotification;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a {@link LiveNotification} in Avro single-object encoding by hand, byte for byte what
 * Avro's own writer produces for the schema it was written against ({@link #WRITTEN_FOR}). A live
 * start of a creator with a million fans writes a million notifications, and Avro's generic writer
 * (a lookup and a type switch per field, timestamps through conversions) was a third of that work.
 * {@link SingleObjectCodec} uses it only while the class's schema is that one; a schema change
 * falls back to Avro (and its test fails, as a reminder to update this writer).
 */
final class LiveNotificationWriter {

    /** The parsing-canonical form of the schema this writer encodes. */
    static final String WRITTEN_FOR =
            "{\"name\":\"io.fanscore.schema.LiveNotification\",\"type\":\"record\",\"fields\":["
                    + "{\"name\":\"notification_id\",\"type\":\"string\"},"
                    + "{\"name\":\"creator_id\",\"type\":\"string\"},"
                    + "{\"name\":\"fan_id\",\"type\":\"string\"},"
                    + "{\"name\":\"live_id\",\"type\":\"string\"},"
                    + "{\"name\":\"tier\",\"type\":{\"name\":\"io.fanscore.schema.Tier\","
                    + "\"type\":\"enum\",\"symbols\":[\"NONE\",\"POTENTIAL\",\"CASUAL\","
                    + "\"FAVORABLE\",\"DEVOTED\"]}},"
                    + "{\"name\":\"level\",\"type\":\"int\"},"
                    + "{\"name\":\"event_time\",\"type\":\"long\"},"
                    + "{\"name\":\"emitted_at\",\"type\":\"long\"}]}";

    private final byte[] header;
    private byte[] buffer = new byte[256];
    private int position;

    private LiveNotificationWriter(long fingerprint) {
        header = new byte[10];
        header[0] = (byte) 0xC3;
        header[1] = 0x01;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i)); // little-endian, as Avro writes it
        }
    }

    /** A writer for {@code schema}, or null if this writer was not written for it. */
    static LiveNotificationWriter forSchema(Schema schema) {
        if (!SchemaNormalization.toParsingForm(schema).equals(WRITTEN_FOR)) {
            return null;
        }
        return new LiveNotificationWriter(SchemaNormalization.parsingFingerprint64(schema));
    }

    byte[] encode(LiveNotification notification) {
        position = 0;
        ensure(header.length);
        System.arraycopy(header, 0, buffer, 0, header.length);
        position = header.length;
        writeString(notification.getNotificationId());
        writeString(notification.getCreatorId());
        writeString(notification.getFanId());
        writeString(notification.getLiveId());
        writeLong(notification.getTier().ordinal());
        writeLong(notification.getLevel());
        writeLong(notification.getEventTime().toEpochMilli());
        writeLong(notification.getEmittedAt().toEpochMilli());
        return Arrays.copyOf(buffer, position);
    }

    private void writeString(CharSequence value) {
        byte[] utf8 = value.toString().getBytes(StandardCharsets.UTF_8);
        writeLong(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buffer, position, utf8.length);
        position += utf8.length;
    }

    /** Avro's zig-zag varint; an int is written the same way as a long of its value. */
    private void writeLong(long value) {
        ensure(10);
        long zigZag = (value << 1) ^ (value >> 63);
        while ((zigZag & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((zigZag & 0x7F) | 0x80);
            zigZag >>>= 7;
        }
        buffer[position++] = (byte) zigZag;
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }
}
