package io.fanscore.audience.api;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The response body as sent: counts its bytes for the metrics and remembers whether writing to the
 * client failed, which tells a client that went away from a file that could not be read.
 */
final class ClientStream extends FilterOutputStream {

    private long bytes;
    private boolean failed;

    ClientStream(OutputStream response) {
        super(response);
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
            bytes++;
        } catch (IOException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
            bytes += len;
        } catch (IOException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            failed = true;
            throw e;
        }
    }

    long bytes() {
        return bytes;
    }

    boolean clientFailed() {
        return failed;
    }
}
