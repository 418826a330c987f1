package io.fanscore.connectors.deadletter;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;

import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds {@link DeadLetter} records (SPEC §9) with deterministic ids. */
public final class DeadLetters {

    private DeadLetters() {}

    /** A dead letter for the record in {@code envelope}, detected now. */
    public static DeadLetter of(
            SourceEnvelope<?> envelope, DeadLetterReason reason, String detail) {
        return of(
                envelope.topic,
                envelope.partition,
                envelope.offset,
                envelope.key,
                envelope.value,
                reason,
                detail);
    }

    public static DeadLetter of(
            String topic,
            int partition,
            long offset,
            byte[] key,
            byte[] value,
            DeadLetterReason reason,
            String detail) {
        return DeadLetter.newBuilder()
                .setDeadLetterId(idOf(topic, partition, offset, reason))
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setReason(reason)
                .setDetail(detail == null ? "" : detail)
                .setDetectedAt(Instant.now())
                .build();
    }

    /** One source record is dead-lettered at most once per reason: its coordinates name it. */
    public static String idOf(String topic, int partition, long offset, DeadLetterReason reason) {
        return topic + "/" + partition + "/" + offset + "/" + reason;
    }
}
