package io.fanscore.cli.kafka;

import io.fanscore.connectors.kafka.KafkaClients;
import io.fanscore.connectors.kafka.KafkaEndpoint;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the project topics on a broker (replication factor 1: the local broker is alone). */
public final class TopicSetup implements AutoCloseable {

    /** Partitions of the demo's topics: enough for its two parallel subtasks. */
    public static final int DEFAULT_PARTITIONS = 4;

    /**
     * Partitions of topics created by {@code kafka start} and {@code produce}: one, so that a
     * replay reads its input in file order and lateness (judged per partition) is judged against
     * the whole input, exactly as the file reads.
     */
    public static final int REPLAY_PARTITIONS = 1;

    private static final Duration DELETION_TIMEOUT = Duration.ofSeconds(30);
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final String bootstrap;
    private final Admin admin;

    public TopicSetup(String bootstrap) {
        this(KafkaEndpoint.of(bootstrap));
    }

    public TopicSetup(KafkaEndpoint endpoint) {
        this.bootstrap = endpoint.bootstrapServers();
        this.admin = KafkaClients.admin(endpoint);
    }

    public boolean exists(String topic) throws InterruptedException {
        return existing().contains(topic);
    }

    /**
     * A topic as found on the broker.
     *
     * @param records offsets in use over all partitions: the records kept, plus a transaction
     *     marker per committed transaction on topics written transactionally
     */
    public record Contents(String topic, int partitions, long records) {}

    /** What the existing ones of {@code topics} hold, in the order given. */
    public List<Contents> contents(Collection<String> topics) throws InterruptedException {
        Set<String> existing = existing();
        List<String> present = topics.stream().filter(existing::contains).toList();
        if (present.isEmpty()) {
            return List.of();
        }
        try {
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(present)
                            .allTopicNames()
                            .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            descriptions.forEach(
                    (topic, description) ->
                            description
                                    .partitions()
                                    .forEach(
                                            p -> {
                                                TopicPartition partition =
                                                        new TopicPartition(topic, p.partition());
                                                earliest.put(partition, OffsetSpec.earliest());
                                                latest.put(partition, OffsetSpec.latest());
                                            }));
            var starts =
                    admin.listOffsets(earliest).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            var ends = admin.listOffsets(latest).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Long> records = new HashMap<>();
            ends.forEach(
                    (partition, end) ->
                            records.merge(
                                    partition.topic(),
                                    end.offset() - starts.get(partition).offset(),
                                    Long::sum));
            return present.stream()
                    .map(
                            topic ->
                                    new Contents(
                                            topic,
                                            descriptions.get(topic).partitions().size(),
                                            records.getOrDefault(topic, 0L)))
                    .toList();
        } catch (ExecutionException | TimeoutException e) {
            throw KafkaSetupException.unreachable(bootstrap, e);
        }
    }

    /** Creates those of {@code topics} that do not exist yet; returns the ones created. */
    public List<String> createMissing(Collection<String> topics, int partitions)
            throws InterruptedException {
        Set<String> existing = existing();
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : topics) {
            if (!existing.contains(topic)) {
                missing.add(new NewTopic(topic, partitions, (short) 1));
            }
        }
        try {
            admin.createTopics(missing).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // Another client may have created one meanwhile; that is what we wanted.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaSetupException("cannot create topics: " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new KafkaSetupException("creating topics timed out", e);
        }
        return missing.stream().map(NewTopic::name).toList();
    }

    /** Deletes {@code topics} where they exist and creates them empty. */
    public void recreate(Collection<String> topics, int partitions) throws InterruptedException {
        delete(topics);
        long deadline = System.nanoTime() + DELETION_TIMEOUT.toNanos();
        while (true) {
            createMissing(topics, partitions);
            if (existing().containsAll(topics)) {
                return;
            }
            awaitRetry(deadline, "topics could not be created again: " + topics);
        }
    }

    /** Deletes {@code topics} where they exist, and waits until they are gone. */
    public void delete(Collection<String> topics) throws InterruptedException {
        List<String> present = topics.stream().filter(existing()::contains).toList();
        if (!present.isEmpty()) {
            try {
                admin.deleteTopics(present).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new KafkaSetupException("cannot delete topics " + present + ": " + e, e);
            }
        }
        // Deletion finishes in the background, and a name cannot be reused until it has.
        long deadline = System.nanoTime() + DELETION_TIMEOUT.toNanos();
        while (existing().stream().anyMatch(present::contains)) {
            awaitRetry(deadline, "topics still being deleted: " + present);
        }
    }

    private static void awaitRetry(long deadline, String failure) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new KafkaSetupException(failure, null);
        }
        Thread.sleep(200);
    }

    private Set<String> existing() throws InterruptedException {
        try {
            return admin.listTopics().names().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw KafkaSetupException.unreachable(bootstrap, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
