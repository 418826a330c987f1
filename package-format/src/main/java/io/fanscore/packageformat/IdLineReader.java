package io.fanscore.packageformat;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the lines of a member or change file (already decompressed) as byte arrays: ids are
 * compared by their bytes, so they are never decoded. Every line must end with {@code \n}.
 */
public final class IdLineReader implements Closeable {

    /** Longer than any hashed id and any sane raw fan id; bounds memory on a corrupt file. */
    static final int MAX_LINE_BYTES = 4096;

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean endOfInput;

    public IdLineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its {@code \n}, or null at the end of the input. */
    public byte[] next() throws IOException {
        while (true) {
            int scanEnd = Math.min(limit, position + MAX_LINE_BYTES + 1);
            for (int i = position; i < scanEnd; i++) {
                if (buffer[i] == '\n') {
                    byte[] line = Arrays.copyOfRange(buffer, position, i);
                    position = i + 1;
                    if (line.length == 0) {
                        throw new MalformedLinesException("empty line");
                    }
                    return line;
                }
            }
            if (scanEnd - position > MAX_LINE_BYTES) {
                throw new MalformedLinesException(
                        "a line longer than " + MAX_LINE_BYTES + " bytes");
            }
            if (endOfInput) {
                if (position < limit) {
                    throw new MalformedLinesException("the last line does not end with a newline");
                }
                return null;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            endOfInput = true;
        } else {
            limit += read;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The file is not a list of newline-terminated ids. */
    public static final class MalformedLinesException extends EOFException {
        MalformedLinesException(String message) {
            super(message);
        }
    }
}
