package io.fanscore.connectors.kafka;

import io.fanscore.schema.DeadLetterReason;

/**
 * One Kafka record as read: where it came from, its raw bytes, and either the decoded value or why
 * it could not be decoded. The raw bytes travel only as far as validation, so that a rejected
 * record reaches the dead-letter topic exactly as it was sent (SPEC §9).
 *
 * <p>A Flink POJO: public fields and a no-argument constructor.
 */
public class SourceEnvelope<T> {

    public String topic;
    public int partition;
    public long offset;
    public byte[] key;
    public byte[] value;

    /**
     * Wall-clock time at which the record was read, so that every check against the wall clock
     * (SPEC §9: too far ahead) gives one verdict for the record wherever it is made.
     */
    public long readAtMillis;

    /** The decoded value, or null if it was rejected. */
    public T record;

    /** Set when the value was rejected while decoding, or while validating. */
    public DeadLetterReason rejection;

    public String rejectionDetail;

    /**
     * Whether the decoded value has been validated already (its verdict is in {@link #rejection}):
     * a record is judged once, where its event time is first needed, not again by every stage that
     * reads it.
     */
    public boolean validated;

    public SourceEnvelope() {}

    public boolean isRejected() {
        return rejection != null;
    }
}
