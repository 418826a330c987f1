package io.fanscore.cli.kafka;

/** The local broker or its topics could not be brought into the state asked for. */
public final class KafkaSetupException extends RuntimeException {

    public KafkaSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
