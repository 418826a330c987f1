package io.fanscore.bench;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.LocalKafkaBroker;
import io.fanscore.cli.kafka.TopicSetup;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.kafka.KafkaClients;
import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One creator with {@code --fans} (1 000 000) qualifying fans goes live: the time from producing
 * the LIVE_START to the last notification readable by a read_committed consumer, in at-least-once
 * and exactly-once mode (1 s checkpoints), and the notifications/s sustained in between. The fans
 * follow first and are fully scored and indexed before the clock starts. {@code --warm-ups 1}
 * discarded runs of each mode first, then {@code --runs N} of each, alternating their order, and
 * the medians.
 */
public final class LiveFanoutBenchmark {

    private static final int PARTITIONS = 4;
    private static final Instant START = Instant.parse("2026-03-01T02:00:00Z");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        int fans = Integer.parseInt(options.getOrDefault("fans", "1000000"));
        int port = Integer.parseInt(options.getOrDefault("port", "19292"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "1"));
        int warmUps = Integer.parseInt(options.getOrDefault("warm-ups", "1"));
        List<String> modes =
                List.of(options.getOrDefault("modes", "at-least-once,exactly-once").split(","));

        FanscoreHome home = BenchHome.of("bench-fanout");
        LocalKafkaBroker broker = new LocalKafkaBroker(home);
        LocalKafkaBroker.Running running = broker.start(port, port + 1);
        System.out.printf(
                "machine: %d cores, Java %s; one creator, %,d following fans, parallelism 2,"
                        + " 1 s checkpoints, %d partitions%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                fans,
                PARTITIONS);
        try {
            // A discarded warm-up of each mode first: a cold JVM took twice as long to load the
            // follows and up to twice as long to fan out (class loading, JIT).
            for (int warmUp = 1; warmUp <= warmUps; warmUp++) {
                for (String mode : modes) {
                    measure(running.bootstrap(), home, mode, fans, -warmUp);
                }
            }
            // Runs alternate the order of the modes, so neither always inherits the other's heat.
            Map<String, List<Double>> totals = new java.util.LinkedHashMap<>();
            for (int run = 1; run <= runs; run++) {
                List<String> order = new java.util.ArrayList<>(modes);
                if (run % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (String mode : order) {
                    totals.computeIfAbsent(mode, m -> new java.util.ArrayList<>())
                            .add(measure(running.bootstrap(), home, mode, fans, run));
                }
            }
            totals.forEach(
                    (mode, seconds) ->
                            System.out.printf(
                                    "[%s] median of %d: live start → last notification readable"
                                            + " %.1f s %s%n",
                                    mode, seconds.size(), median(seconds), seconds));
        } finally {
            if (!running.reused()) {
                broker.stop();
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1
                ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** One run of one mode; returns live start → last notification readable, in seconds. */
    private static double measure(
            String bootstrap, FanscoreHome home, String mode, int fans, int run) throws Exception {
        // Topics of their own per run: recreating a topic under the same name at once confuses the
        // idempotent producer of the next run (OUT_OF_ORDER_SEQUENCE_NUMBER for minutes).
        String prefix = "fanout-" + mode + (run < 0 ? "-warm" + -run : "-" + run);
        RunTopics topics = new RunTopics(prefix);
        try (TopicSetup setup = new TopicSetup(bootstrap)) {
            setup.recreate(topics.all(), PARTITIONS);
        }
        Instant lastFollow = START.plusMillis(fans - 1);
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap)) {
            SingleObjectCodec<InteractionEvent> codec =
                    new SingleObjectCodec<>(InteractionEvent.class);
            for (int fan = 0; fan < fans; fan++) {
                InteractionEvent follow =
                        InteractionEvent.newBuilder()
                                .setEventId("follow-" + fan)
                                .setCreatorId("mega")
                                .setFanId("fan-" + fan)
                                .setType(InteractionType.FOLLOW)
                                .setEventTime(START.plusMillis(fan))
                                .build();
                producer.send(
                        new ProducerRecord<>(
                                topics.interactions, key("mega"), codec.encode(follow)));
            }
            ticks(producer, topics, lastFollow.plusSeconds(11));
            producer.flush();
        }

        JobConfig config =
                JobConfig.from(
                        new Configuration()
                                .set(JobOptions.BOOTSTRAP, bootstrap)
                                .set(JobOptions.JOB_NAME, prefix)
                                .set(JobOptions.GROUP_ID, prefix)
                                .set(JobOptions.TRANSACTIONAL_ID_PREFIX, prefix)
                                .set(JobOptions.DELIVERY, JobOptions.Delivery.named(mode))
                                .set(JobOptions.INTERACTIONS_TOPIC, topics.interactions)
                                .set(JobOptions.LIVE_TOPIC, topics.live)
                                .set(JobOptions.TIER_CHANGES_TOPIC, topics.tierChanges)
                                .set(JobOptions.LIVE_NOTIFICATIONS_TOPIC, topics.notifications)
                                .set(JobOptions.DEAD_LETTER_TOPIC, topics.deadLetters)
                                .set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
                                .set(JobOptions.CHECKPOINT_DIR, home.checkpointsUri())
                                .set(JobOptions.PARALLELISM, 2)
                                .set(JobOptions.FROM, JobOptions.StartFrom.EARLIEST)
                                .set(JobOptions.IDLENESS, Duration.ofMinutes(10))
                                // History, not live: an empty assignments topic would hold
                                // event time for the whole idleness.
                                .set(JobOptions.PROFILES_TOPIC, ""));
        JobClient job = FanScoringJob.executeAsync(config);
        try (KafkaConsumer<byte[], byte[]> changes = reader(bootstrap, topics.tierChanges);
                KafkaConsumer<byte[], byte[]> notifications =
                        reader(bootstrap, topics.notifications)) {
            long loadStart = System.nanoTime();
            count(changes, fans, Duration.ofMinutes(10));
            System.out.printf(
                    "[%s] %,d follows scored and indexed in %.1f s%n",
                    prefix, fans, (System.nanoTime() - loadStart) / 1e9);

            Instant liveAt = lastFollow.plusSeconds(12);
            long produced;
            try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap)) {
                LiveEvent start =
                        LiveEvent.newBuilder()
                                .setLiveId("mega-live-1")
                                .setCreatorId("mega")
                                .setType(LiveEventType.LIVE_START)
                                .setEventTime(liveAt)
                                .build();
                producer.send(
                                new ProducerRecord<>(
                                        topics.live,
                                        key("mega"),
                                        new SingleObjectCodec<>(LiveEvent.class).encode(start)))
                        .get();
                produced = System.nanoTime();
                // Traffic after T moves every partition's watermark past it.
                ticks(producer, topics, liveAt.plusSeconds(11));
                producer.flush();
            }
            long[] firstAndLast = count(notifications, fans, Duration.ofMinutes(10));
            double total = (firstAndLast[1] - produced) / 1e9;
            double first = (firstAndLast[0] - produced) / 1e9;
            double sustained = fans / Math.max(1e-9, (firstAndLast[1] - firstAndLast[0]) / 1e9);
            System.out.printf(
                    "[%s] live start → last of %,d notifications readable (read_committed): %.1f s"
                            + " (first after %.1f s, %,.0f notifications/s sustained)%n",
                    prefix, fans, total, first, sustained);
            return total;
        } finally {
            job.cancel().get();
        }
    }

    /**
     * One record per partition of both inputs at {@code time}, so no partition holds back the
     * watermark.
     */
    private static void ticks(
            KafkaProducer<byte[], byte[]> producer, RunTopics topics, Instant time) {
        SingleObjectCodec<InteractionEvent> events =
                new SingleObjectCodec<>(InteractionEvent.class);
        SingleObjectCodec<LiveEvent> lives = new SingleObjectCodec<>(LiveEvent.class);
        for (int p = 0; p < PARTITIONS; p++) {
            InteractionEvent view =
                    InteractionEvent.newBuilder()
                            .setEventId("tick-" + time.toEpochMilli() + "-" + p)
                            .setCreatorId("ticker")
                            .setFanId("ticker")
                            .setType(InteractionType.VIDEO_VIEW)
                            .setEventTime(time)
                            .build();
            producer.send(
                    new ProducerRecord<>(
                            topics.interactions, p, key("ticker"), events.encode(view)));
            LiveEvent end =
                    LiveEvent.newBuilder()
                            .setLiveId("tick-" + time.toEpochMilli() + "-" + p)
                            .setCreatorId("ticker")
                            .setType(LiveEventType.LIVE_END)
                            .setEventTime(time)
                            .build();
            producer.send(new ProducerRecord<>(topics.live, p, key("ticker"), lives.encode(end)));
        }
    }

    private static KafkaConsumer<byte[], byte[]> reader(String bootstrap, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = KafkaClients.committedReader(bootstrap);
        KafkaClients.assignFromStart(consumer, topic);
        return consumer;
    }

    /** Reads until {@code expected} records; returns the nano times of the first and the last. */
    private static long[] count(
            KafkaConsumer<byte[], byte[]> consumer, int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = 0;
        long first = 0;
        while (seen < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "only " + seen + " of " + expected + " records after " + timeout);
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            if (!records.isEmpty() && first == 0) {
                first = System.nanoTime();
            }
            seen += records.count();
        }
        return new long[] {first, System.nanoTime()};
    }

    private static byte[] key(String creator) {
        return creator.getBytes(StandardCharsets.UTF_8);
    }

    /** The topics of one measurement. */
    private static final class RunTopics {
        final String interactions;
        final String live;
        final String tierChanges;
        final String notifications;
        final String deadLetters;

        RunTopics(String prefix) {
            interactions = prefix + ".interactions";
            live = prefix + ".live";
            tierChanges = prefix + ".tier-changes";
            notifications = prefix + ".notifications";
            deadLetters = prefix + ".deadletter";
        }

        List<String> all() {
            return List.of(interactions, live, tierChanges, notifications, deadLetters);
        }
    }
}
