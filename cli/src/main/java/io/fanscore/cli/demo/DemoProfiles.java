package io.fanscore.cli.demo;

import io.fanscore.cli.home.FanscoreHome;
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

    static final String ASSIGNMENTS_FILE = "profile-assignments.yaml";

    /** The demo's profile assignments file, which its job and its console both read. */
    public static String assignmentsFile(FanscoreHome home) {
        return home.confFile(ASSIGNMENTS_FILE).toString();
    }

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
