package io.fanscore.audience.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for requests a well-behaved client would not send: paths it would
 * normalise, headers too large, a body read slowly.
 */
final class RawHttp {

    private RawHttp() {}

    /** Sends a GET with {@code target} exactly as given and returns the whole response. */
    static String get(int port, String target, String... headerLines) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request(target, headerLines).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static String request(String target, String... headerLines) {
        StringBuilder request =
                new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headerLines) {
            request.append(header).append("\r\n");
        }
        return request.append("Connection: close\r\n\r\n").toString();
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    /** A client that asks for a body and then reads one byte a second, on a tiny receive window. */
    static Socket slowReader(int port, String target, String... headerLines) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        socket.getOutputStream()
                .write(request(target, headerLines).getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                while (in.read() >= 0) {
                                    Thread.sleep(1000);
                                }
                            } catch (IOException | InterruptedException e) {
                                // The test closed the socket or the server cut it off.
                            }
                        },
                        "slow-reader");
        reader.setDaemon(true);
        reader.start();
        return socket;
    }
}
