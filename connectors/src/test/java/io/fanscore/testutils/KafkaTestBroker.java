package io.fanscore.testutils;

import io.fanscore.connectors.kafka.KafkaEndpoint;
import io.fanscore.connectors.kafka.SaslCredentials;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * A real Kafka broker (KRaft, combined broker and controller) in the test JVM, started before the
 * test class and stopped after it. Register with {@code @RegisterExtension static}. {@link
 * #withSasl()} makes one whose clients must log in.
 */
public final class KafkaTestBroker implements BeforeAllCallback, AfterAllCallback {

    /** Null for a plaintext broker. */
    private final SaslListener sasl;

    private KafkaClusterTestKit cluster;

    public KafkaTestBroker() {
        this(null);
    }

    private KafkaTestBroker(SaslListener sasl) {
        this.sasl = sasl;
    }

    /**
     * A broker whose client listener requires SASL (SASL_PLAINTEXT, SCRAM-SHA-512 or PLAIN, no
     * authorizer): {@link #scramUser()} and {@link #plainUser()} may log in. The fixture's own
     * clients ({@link #clientProperties()}, {@link #produce}, ...) log in as the broker's user.
     */
    public static KafkaTestBroker withSasl() {
        return new KafkaTestBroker(new SaslListener());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        TestKitNodes nodes =
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build();
        KafkaClusterTestKit.Builder builder =
                new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false")
                        // Records carry their event time as timestamp, often months back: with
                        // time-based retention the broker's first check, 30 s after it starts,
                        // deletes a test's outputs before the test reads them.
                        .setConfigProp("log.retention.ms", "-1");
        if (sasl != null) {
            sasl.brokerProperties(
                            nodes.brokerListenerName().value(),
                            nodes.controllerListenerName().value())
                    .forEach(builder::setConfigProp);
        }
        cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        if (sasl != null) {
            sasl.createScramUser(bootstrapServers());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** How the fixture's own clients reach the broker. */
    public KafkaEndpoint endpoint() {
        return new KafkaEndpoint(
                bootstrapServers(), sasl == null ? Map.of() : sasl.adminProperties());
    }

    /** The application user that logs in with SCRAM-SHA-512 (a broker {@link #withSasl()}). */
    public SaslCredentials scramUser() {
        return saslListener().scramUser();
    }

    /** The application user that logs in with PLAIN (a broker {@link #withSasl()}). */
    public SaslCredentials plainUser() {
        return saslListener().plainUser();
    }

    /** The client properties of a login as {@code user}: protocol, mechanism, JAAS config. */
    public Map<String, String> loginProperties(SaslCredentials user) {
        saslListener();
        return SaslListener.clientProperties(user);
    }

    private SaslListener saslListener() {
        if (sasl == null) {
            throw new IllegalStateException("a plaintext broker has no users; use withSasl()");
        }
        return sasl;
    }

    public void createTopics(int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
            awaitLeaders(admin, List.of(topics));
        }
    }

    /** New partitions take a moment to elect a leader; producing before that can lose records. */
    private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            if (leadersElected(admin, topics)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no leaders for " + topics + " after 30 s");
            }
            Thread.onSpinWait();
        }
    }

    public void deleteTopics(String... topics) throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.deleteTopics(List.of(topics)).all().get();
        }
    }

    private static boolean leadersElected(Admin admin, List<String> topics)
            throws InterruptedException {
        try {
            return admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(t -> t.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // metadata not propagated yet
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Sends values in order, keyed, and waits until all are acknowledged. */
    public void produce(String topic, List<Map.Entry<byte[], byte[]>> records) throws Exception {
        Properties properties = clientProperties();
        properties.put("key.serializer", ByteArraySerializer.class.getName());
        properties.put("value.serializer", ByteArraySerializer.class.getName());
        // Not idempotent: a brand-new partition can answer NOT_LEADER first, and the idempotent
        // producer may then wedge on OUT_OF_ORDER_SEQUENCE. One request in flight keeps order.
        properties.put("enable.idempotence", "false");
        properties.put("max.in.flight.requests.per.connection", "1");
        properties.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Map.Entry<byte[], byte[]> record : records) {
                sent.add(
                        producer.send(
                                new ProducerRecord<>(topic, record.getKey(), record.getValue())));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : sent) {
                ack.get(); // fail the test on any lost record
            }
        }
    }

    /** Every committed record of {@code topic}, read up to its current end. */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Properties properties = clientProperties();
        properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
        properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        List<ConsumerRecord<byte[], byte[]>> result = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            Collection<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(result::add);
            }
        }
        return result;
    }

    public Properties clientProperties() {
        return endpoint().clientProperties();
    }
}
