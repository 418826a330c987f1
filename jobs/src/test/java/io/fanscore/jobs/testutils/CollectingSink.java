package io.fanscore.jobs.testutils;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A sink that keeps what it is given, for jobs on the MiniCluster of the test's own JVM. Records
 * are copied on arrival: the job reuses objects. Not exactly-once; what needs that is tested on
 * Kafka.
 */
public final class CollectingSink<T extends SpecificRecordBase> implements Sink<T> {

    private static final Map<String, ConcurrentLinkedQueue<Object>> COLLECTED =
            new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public CollectingSink() {
        COLLECTED.put(id, new ConcurrentLinkedQueue<>());
    }

    /** What every writer of this sink was given, in no particular order across writers. */
    @SuppressWarnings("unchecked")
    public List<T> collected() {
        List<T> records = new ArrayList<>();
        COLLECTED.get(id).forEach(record -> records.add((T) record));
        return records;
    }

    /** Forgets what was collected; the sink cannot be used after. */
    public void discard() {
        COLLECTED.remove(id);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        ConcurrentLinkedQueue<Object> into = COLLECTED.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T record, Context context) {
                into.add(
                        SpecificData.getForClass(record.getClass())
                                .deepCopy(record.getSchema(), record));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
