package io.fanscore.cli;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.json.JsonRecords;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON lines turned into Kafka records of one type, every line parsed and encoded before anything
 * is sent, so that a bad line can stop the whole batch, be skipped, or be sent as its raw bytes.
 * Blank lines are skipped.
 */
final class JsonLinesBatch {

    /** A line that is not a record of the type, numbered from 1. */
    record BadLine(int number, String problem) {}

    private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final List<ProducerRecord<byte[], byte[]>> inFileOrder = new ArrayList<>();
    private final List<BadLine> badLines = new ArrayList<>();

    private JsonLinesBatch() {}

    static JsonLinesBatch read(BufferedReader in, String topic, RecordType type)
            throws IOException {
        JsonLinesBatch batch = new JsonLinesBatch();
        batch.readAll(in, topic, type, type.recordClass());
        return batch;
    }

    private <T extends SpecificRecordBase> void readAll(
            BufferedReader in, String topic, RecordType type, Class<T> recordClass)
            throws IOException {
        SingleObjectCodec<T> codec = new SingleObjectCodec<>(recordClass);
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                T record = JsonRecords.fromJson(line, recordClass);
                byte[] value = codec.encode(record);
                String key = type.keyOf(record);
                ProducerRecord<byte[], byte[]> encoded =
                        new ProducerRecord<>(
                                topic,
                                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                                value);
                records.add(encoded);
                inFileOrder.add(encoded);
            } catch (RuntimeException e) {
                // Parser messages go on with a location line; the line number says it better.
                String problem = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                badLines.add(new BadLine(number, problem));
                inFileOrder.add(
                        new ProducerRecord<>(
                                topic,
                                JsonRecords.textField(line, "creator_id")
                                        .map(k -> k.getBytes(StandardCharsets.UTF_8))
                                        .orElse(null),
                                line.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    List<ProducerRecord<byte[], byte[]>> records() {
        return records;
    }

    /** Every line in file order; a bad line as its own bytes, which the job dead-letters. */
    List<ProducerRecord<byte[], byte[]>> recordsWithBadLinesAsRaw() {
        return inFileOrder;
    }

    List<BadLine> badLines() {
        return badLines;
    }
}
