package io.fanscore.connectors.avro;

import io.fanscore.schema.DeadLetterReason;

/** A value that is not a record of a schema version we ship (SPEC §9). */
public final class DecodeException extends Exception {

    private final DeadLetterReason reason;

    public DecodeException(DeadLetterReason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    /** UNDECODABLE or UNKNOWN_SCHEMA. */
    public DeadLetterReason reason() {
        return reason;
    }
}
