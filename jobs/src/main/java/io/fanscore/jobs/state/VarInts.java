package io.fanscore.jobs.state;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The compact encodings of the hand-written state serializers: zig-zag varints (small magnitudes of
 * either sign take one or two bytes) and length-prefixed UTF-8 strings.
 */
final class VarInts {

    private VarInts() {}

    static void writeLong(DataOutputView out, long value) throws IOException {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readLong(DataInputView in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (v >>> 1) ^ -(v & 1);
            }
        }
        throw new IOException("malformed varint");
    }

    static void writeInt(DataOutputView out, int value) throws IOException {
        writeLong(out, value);
    }

    static int readInt(DataInputView in) throws IOException {
        return Math.toIntExact(readLong(in));
    }

    static void writeString(DataOutputView out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(out, bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputView in) throws IOException {
        byte[] bytes = new byte[readInt(in)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Copies one varint unchanged. */
    static void copyLong(DataInputView in, DataOutputView out) throws IOException {
        int b;
        do {
            b = in.readUnsignedByte();
            out.writeByte(b);
        } while ((b & 0x80) != 0);
    }
}
