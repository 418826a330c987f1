package io.fanscore.cli.demo;

/** The demo cannot go on; the message says why and where to look. */
public final class DemoException extends RuntimeException {

    public DemoException(String message, Throwable cause) {
        super(message, cause);
    }
}
