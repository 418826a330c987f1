package io.fanscore.jobs.state;

import io.fanscore.jobs.ingest.PositionedEvent;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Declares {@link PositionedEventSerializer} as the type's serializer, in the graph and in state.
 */
public final class PositionedEventTypeInfo extends TypeInformation<PositionedEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<PositionedEvent> getTypeClass() {
        return PositionedEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<PositionedEvent> createSerializer(SerializerConfig config) {
        return new PositionedEventSerializer();
    }

    @Override
    public String toString() {
        return "PositionedEvent";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PositionedEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return PositionedEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof PositionedEventTypeInfo;
    }
}
