package io.fanscore.connectors.kafka;

import io.fanscore.connectors.avro.SingleObjectCodec;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Writes records to one topic as single-object encoded Avro, keyed by a string field. */
public final class AvroRecordSerializer<T extends SpecificRecordBase>
        implements KafkaRecordSerializationSchema<T> {

    /** Kafka's default message.timestamp.after.max.ms, less a minute of clock difference. */
    private static final long MAX_AHEAD_MILLIS = 59 * 60_000L;

    /** Picks the Kafka key of a record. */
    public interface KeyOf<T> extends Function<T, String>, Serializable {}

    private final String topic;
    private final Class<T> type;
    private final KeyOf<T> keyOf;
    private transient SingleObjectCodec<T> codec;

    public AvroRecordSerializer(String topic, Class<T> type, KeyOf<T> keyOf) {
        this.topic = topic;
        this.type = type;
        this.keyOf = keyOf;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T record, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = new SingleObjectCodec<>(type);
        }
        byte[] key = keyOf.apply(record).getBytes(StandardCharsets.UTF_8);
        // Kafka refuses negative timestamps; a dead letter may carry the absurd time of its input.
        // Nor one beyond its message.timestamp.after.max.ms (1 h by default): such a record is left
        // to the broker's clock rather than failing the sink.
        Long kafkaTimestamp =
                timestamp != null
                                && timestamp >= 0
                                && timestamp - System.currentTimeMillis() < MAX_AHEAD_MILLIS
                        ? timestamp
                        : null;
        return new ProducerRecord<>(topic, null, kafkaTimestamp, key, codec.encode(record));
    }
}
