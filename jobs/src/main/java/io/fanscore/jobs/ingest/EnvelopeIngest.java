package io.fanscore.jobs.ingest;

import io.fanscore.connectors.kafka.SourceEnvelope;

import org.apache.flink.util.Collector;

/**
 * Ingest of a low-volume input (live events, profile assignments, pushes): valid, on-time records
 * go on in their envelopes, with the bytes and coordinates a dead letter further down needs.
 */
public abstract class EnvelopeIngest<T> extends RecordIngest<T, SourceEnvelope<T>> {

    protected EnvelopeIngest(long outOfOrdernessMillis) {
        super(outOfOrdernessMillis);
    }

    @Override
    protected final void accept(SourceEnvelope<T> envelope, Collector<SourceEnvelope<T>> out) {
        out.collect(envelope);
    }
}
