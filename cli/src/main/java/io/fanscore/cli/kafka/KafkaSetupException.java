package io.fanscore.cli.kafka;

import io.fanscore.connectors.kafka.KafkaClientSecurity;

import org.apache.kafka.common.errors.AuthenticationException;

/** The local broker or its topics could not be brought into the state asked for. */
public final class KafkaSetupException extends RuntimeException {

    public KafkaSetupException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The first call to a broker failed: either the broker refused our login (a configuration
     * problem, retrying will not help) or it could not be reached.
     */
    public static KafkaSetupException unreachable(String bootstrap, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException) {
                return new KafkaSetupException(
                        "Kafka at "
                                + bootstrap
                                + " refused the login: "
                                + cause.getMessage()
                                + " (credentials come from "
                                + KafkaClientSecurity.USERNAME_ENV
                                + "/"
                                + KafkaClientSecurity.PASSWORD_ENV
                                + " or --kafka-config)",
                        failure);
            }
        }
        return new KafkaSetupException(
                "cannot reach Kafka at "
                        + bootstrap
                        + " (for the local broker: ./fanscore kafka start): "
                        + failure,
                failure);
    }
}
