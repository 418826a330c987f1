package io.fanscore.cli.cluster;

/** The local Flink cluster could not do what was asked; the message says why. */
public final class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }
}
