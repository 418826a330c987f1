package io.fanscore.cli;

import io.fanscore.cli.demo.DemoTopics;
import io.fanscore.connectors.Topics;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.ErasureOutcome;
import io.fanscore.schema.ErasureRequest;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.PackageAudit;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.ProfileAssignment;
import io.fanscore.schema.PushNotification;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.TierChange;

import org.apache.avro.specific.SpecificRecordBase;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The record class of each project topic and the field its Kafka key is taken from. */
public enum RecordType {
    INTERACTION_EVENT(InteractionEvent.class, Topics.INTERACTIONS, "creator_id"),
    LIVE_EVENT(LiveEvent.class, Topics.LIVE, "creator_id"),
    TIER_CHANGE(TierChange.class, Topics.TIER_CHANGES, "creator_id"),
    LIVE_NOTIFICATION(LiveNotification.class, Topics.LIVE_NOTIFICATIONS, "fan_id"),
    AUDIENCE_DELTA(AudienceDelta.class, Topics.AUDIENCE_DELTAS, "package_id"),
    DEAD_LETTER(DeadLetter.class, Topics.DEAD_LETTER, "source_topic"),
    PACKAGE_CONTROL(PackageControl.class, Topics.PACKAGE_CONTROL, "package_id"),
    PACKAGE_AUDIT(PackageAudit.class, Topics.PACKAGE_AUDIT, "package_id"),
    PROFILE_ASSIGNMENT(ProfileAssignment.class, Topics.PROFILES, "creator_id"),
    CREATOR_PUSH(CreatorPush.class, Topics.PUSHES, "creator_id"),
    PUSH_OUTCOME(PushOutcome.class, Topics.PUSH_OUTCOMES, "creator_id"),
    PUSH_NOTIFICATION(PushNotification.class, Topics.PUSH_NOTIFICATIONS, "fan_id"),
    ERASURE_REQUEST(ErasureRequest.class, Topics.ERASURES, "fan_id"),
    ERASURE_OUTCOME(ErasureOutcome.class, Topics.ERASURE_OUTCOMES, "request_id");

    private final Class<? extends SpecificRecordBase> recordClass;
    private final String topic;
    private final String keyField;

    RecordType(Class<? extends SpecificRecordBase> recordClass, String topic, String keyField) {
        this.recordClass = recordClass;
        this.topic = topic;
        this.keyField = keyField;
    }

    public Class<? extends SpecificRecordBase> recordClass() {
        return recordClass;
    }

    /** The type written to {@code topic} by default, if it is a project or a demo topic. */
    public static Optional<RecordType> forTopic(String topic) {
        String project =
                topic.startsWith(DemoTopics.PREFIX)
                        ? topic.substring(DemoTopics.PREFIX.length())
                        : topic;
        return Arrays.stream(values()).filter(t -> t.topic.equals(project)).findFirst();
    }

    /** By record class name as the user writes it, e.g. {@code InteractionEvent}. */
    public static RecordType named(String name) {
        return Arrays.stream(values())
                .filter(t -> t.recordClass.getSimpleName().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown record type '"
                                                + name
                                                + "' (known: "
                                                + names()
                                                + ")"));
    }

    public static String names() {
        return Arrays.stream(values())
                .map(t -> t.recordClass.getSimpleName())
                .collect(Collectors.joining(", "));
    }

    /** The Kafka key of a record of this type, or null when the key field is empty. */
    public String keyOf(SpecificRecordBase record) {
        Object key = record.get(keyField);
        return key == null ? null : key.toString();
    }

    @Override
    public String toString() {
        return recordClass.getSimpleName();
    }
}
