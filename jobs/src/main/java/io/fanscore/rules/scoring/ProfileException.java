package io.fanscore.rules.scoring;

/** A scoring profile that cannot be used; the message names the offending key. */
public final class ProfileException extends RuntimeException {

    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
