package io.fanscore.jobs.ingest;

import io.fanscore.schema.DeadLetter;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/** Flink type information of the Avro records that flow between operators. */
public final class DeadLetterTypes {

    public static final TypeInformation<DeadLetter> INFO = new AvroTypeInfo<>(DeadLetter.class);

    private DeadLetterTypes() {}
}
