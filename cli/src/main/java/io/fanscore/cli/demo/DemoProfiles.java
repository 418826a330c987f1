package io.fanscore.cli.demo;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.schema.ProfileAssignment;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The demo's creators under other profiles than {@code general} (SPEC §11): those of {@code
 * flink-conf/profile-assignments.yaml} from the start, and one more moved halfway through the
 * time-lapse by a record on {@code creator.profiles}, as an operator would at runtime.
 */
public final class DemoProfiles {

    public static final String ASSIGNMENTS_FILE = "profile-assignments.yaml";
    static final String MOVED_CREATOR = "creator-4";
    static final String MOVED_TO = "fast-moving-online";

    private DemoProfiles() {}

    /** Sends the runtime reassignment, stamped {@code at}; returns what to tell the user. */
    static String reassignHalfway(KafkaProducer<byte[], byte[]> producer, long at) {
        ProfileAssignment assignment =
                ProfileAssignment.newBuilder()
                        .setCreatorId(MOVED_CREATOR)
                        .setProfile(MOVED_TO)
                        .setEventTime(Instant.ofEpochMilli(at))
                        .build();
        producer.send(
                new ProducerRecord<>(
                        DemoTopics.PROFILES,
                        MOVED_CREATOR.getBytes(StandardCharsets.UTF_8),
                        new SingleObjectCodec<>(ProfileAssignment.class).encode(assignment)));
        producer.flush();
        return String.format(
                "Profiles: flink-conf/%s from the start; %s moves to %s at the first day start"
                        + " after %s (sent on %s)",
                ASSIGNMENTS_FILE,
                MOVED_CREATOR,
                MOVED_TO,
                assignment.getEventTime(),
                DemoTopics.PROFILES);
    }
}
