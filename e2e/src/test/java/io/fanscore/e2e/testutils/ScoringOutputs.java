package io.fanscore.e2e.testutils;

import io.fanscore.cli.kafka.CommittedTopicReader;
import io.fanscore.connectors.avro.DecodeException;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.TierChange;

import org.apache.avro.specific.SpecificRecordBase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a run committed ({@code read_committed}), with the processing-time fields set to the epoch
 * (notifications' {@code emitted_at}, dead letters' {@code detected_at}): everything else of a
 * record is deterministic, its id included.
 */
public record ScoringOutputs(
        List<TierChange> tierChanges,
        List<LiveNotification> notifications,
        List<DeadLetter> deadLetters) {

    public static ScoringOutputs read(String bootstrap, RunTopics topics) {
        List<LiveNotification> notifications =
                read(bootstrap, topics.notifications(), LiveNotification.class);
        notifications.forEach(n -> n.setEmittedAt(Instant.EPOCH));
        List<DeadLetter> deadLetters = read(bootstrap, topics.deadLetters(), DeadLetter.class);
        deadLetters.forEach(d -> d.setDetectedAt(Instant.EPOCH));
        return new ScoringOutputs(
                read(bootstrap, topics.tierChanges(), TierChange.class),
                notifications,
                deadLetters);
    }

    public int size() {
        return tierChanges.size() + notifications.size() + deadLetters.size();
    }

    /**
     * Record for record the same as {@code expected}, matched by deterministic id: nothing lost,
     * nothing duplicated, nothing different.
     */
    public void assertSameAs(ScoringOutputs expected) {
        assertSame(tierChanges, expected.tierChanges, TierChange::getChangeId, "tier changes");
        assertSame(
                notifications,
                expected.notifications,
                LiveNotification::getNotificationId,
                "notifications");
        assertSame(deadLetters, expected.deadLetters, DeadLetter::getDeadLetterId, "dead letters");
    }

    @Override
    public String toString() {
        return tierChanges.size()
                + " tier changes, "
                + notifications.size()
                + " notifications, "
                + deadLetters.size()
                + " dead letters";
    }

    private static <T> void assertSame(
            List<T> actual, List<T> expected, Function<T, String> id, String what) {
        Map<String, Long> duplicates =
                actual.stream()
                        .collect(Collectors.groupingBy(id, Collectors.counting()))
                        .entrySet()
                        .stream()
                        .filter(e -> e.getValue() > 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(duplicates).as("%s written more than once", what).isEmpty();
        assertThat(sorted(actual, id))
                .as("%s, compared by id with the undisturbed run", what)
                .containsExactlyElementsOf(sorted(expected, id));
    }

    private static <T> List<T> sorted(List<T> records, Function<T, String> id) {
        List<T> copy = new ArrayList<>(records);
        copy.sort(Comparator.comparing(id));
        return copy;
    }

    private static <T extends SpecificRecordBase> List<T> read(
            String bootstrap, String topic, Class<T> type) {
        SingleObjectCodec<T> codec = new SingleObjectCodec<>(type);
        List<T> records = new ArrayList<>();
        new CommittedTopicReader(bootstrap)
                .readAll(
                        topic,
                        r -> {
                            try {
                                records.add(codec.decode(r.value()));
                            } catch (DecodeException e) {
                                throw new IllegalStateException(topic + " holds a bad record", e);
                            }
                        });
        return records;
    }
}
