package io.fanscore.audience.api;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/**
 * Streams a body of any size with constant memory. A client that goes away, stalls past the idle
 * timeout or reads below the minimum rate is cut off (Jetty fails the write); that is counted, not
 * logged as an error. A file that fails while being read aborts the response, so the client sees a
 * broken transfer rather than a body that looks complete.
 */
final class StreamedBody {

    private static final Logger LOG = LoggerFactory.getLogger(StreamedBody.class);

    static final int BUFFER_BYTES = 64 * 1024;

    private StreamedBody() {}

    /** Writes the body; the caller has set the status and headers. */
    interface Source {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The bytes of {@code stored} as they are; closes it at the end. */
    static Source storedBytes(InputStream stored) {
        return out -> {
            try (InputStream in = stored) {
                copy(in, out);
            }
        };
    }

    /** The bytes of the gzip {@code stored}, decompressed; closes it at the end. */
    static Source gunzipped(InputStream stored) {
        return out -> {
            try (InputStream in = gunzipping(stored)) {
                copy(in, out);
            }
        };
    }

    static InputStream gunzipping(InputStream stored) throws IOException {
        return gunzipping(stored, BUFFER_BYTES);
    }

    static InputStream gunzipping(InputStream stored, int bufferBytes) throws IOException {
        try {
            return new GZIPInputStream(stored, bufferBytes);
        } catch (IOException e) {
            stored.close();
            throw e;
        }
    }

    static void send(Context ctx, ApiMetrics metrics, Source source) {
        ClientStream client;
        try {
            client = new ClientStream(ctx.res().getOutputStream());
        } catch (IOException e) {
            metrics.aborted(ApiMetrics.routeOf(ctx));
            return;
        }
        ResponseBodies.recordBytes(ctx, client::bytes);
        try {
            source.writeTo(client);
            client.flush();
        } catch (IOException e) {
            metrics.aborted(ApiMetrics.routeOf(ctx));
            if (client.clientFailed()) {
                LOG.debug("Client of {} went away: {}", ctx.path(), e.toString());
            } else {
                LOG.error("Reading the body of {} failed; aborting the response", ctx.path(), e);
                ServletContextRequest.getServletContextRequest(ctx.req())
                        .getServletChannel()
                        .abort(e);
            }
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            out.write(buffer, 0, read);
        }
    }
}
