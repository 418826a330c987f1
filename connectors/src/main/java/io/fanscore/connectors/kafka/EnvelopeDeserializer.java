package io.fanscore.connectors.kafka;

import io.fanscore.connectors.avro.DecodeException;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.ErasureRequest;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.ProfileAssignment;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes single-object encoded Avro values into {@link SourceEnvelope}s. Never throws on bad
 * input: a value that does not decode becomes a rejected envelope, so one bad record cannot fail
 * the source (SPEC §9).
 */
public final class EnvelopeDeserializer<T extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<SourceEnvelope<T>> {

    private final Class<T> type;
    private final TypeInformation<SourceEnvelope<T>> producedType;
    private transient SingleObjectCodec<T> codec;

    /** Envelopes of interaction events. */
    public static EnvelopeDeserializer<InteractionEvent> interactions() {
        return new EnvelopeDeserializer<>(
                InteractionEvent.class,
                new TypeHint<SourceEnvelope<InteractionEvent>>() {}.getTypeInfo());
    }

    /** Envelopes of live events. */
    public static EnvelopeDeserializer<LiveEvent> liveEvents() {
        return new EnvelopeDeserializer<>(
                LiveEvent.class, new TypeHint<SourceEnvelope<LiveEvent>>() {}.getTypeInfo());
    }

    /** Envelopes of audience package changes. */
    public static EnvelopeDeserializer<PackageControl> packageControls() {
        return new EnvelopeDeserializer<>(
                PackageControl.class,
                new TypeHint<SourceEnvelope<PackageControl>>() {}.getTypeInfo());
    }

    /** Envelopes of runtime profile assignments. */
    public static EnvelopeDeserializer<ProfileAssignment> profileAssignments() {
        return new EnvelopeDeserializer<>(
                ProfileAssignment.class,
                new TypeHint<SourceEnvelope<ProfileAssignment>>() {}.getTypeInfo());
    }

    /** Envelopes of subscription pushes. */
    public static EnvelopeDeserializer<CreatorPush> pushes() {
        return new EnvelopeDeserializer<>(
                CreatorPush.class, new TypeHint<SourceEnvelope<CreatorPush>>() {}.getTypeInfo());
    }

    /** Envelopes of erasure requests. */
    public static EnvelopeDeserializer<ErasureRequest> erasures() {
        return new EnvelopeDeserializer<>(
                ErasureRequest.class,
                new TypeHint<SourceEnvelope<ErasureRequest>>() {}.getTypeInfo());
    }

    private EnvelopeDeserializer(Class<T> type, TypeInformation<SourceEnvelope<T>> producedType) {
        this.type = type;
        this.producedType = producedType;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = new SingleObjectCodec<>(type);
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<SourceEnvelope<T>> out) {
        if (codec == null) {
            codec = new SingleObjectCodec<>(type);
        }
        SourceEnvelope<T> envelope = new SourceEnvelope<>();
        envelope.topic = record.topic();
        envelope.partition = record.partition();
        envelope.offset = record.offset();
        envelope.key = record.key();
        envelope.value = record.value();
        envelope.readAtMillis = System.currentTimeMillis();
        try {
            envelope.record = codec.decode(record.value());
        } catch (DecodeException e) {
            envelope.rejection = e.reason();
            envelope.rejectionDetail = e.getMessage();
        }
        out.collect(envelope);
    }

    @Override
    public TypeInformation<SourceEnvelope<T>> getProducedType() {
        return producedType;
    }
}
