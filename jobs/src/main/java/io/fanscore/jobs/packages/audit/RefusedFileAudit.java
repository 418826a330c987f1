package io.fanscore.jobs.packages.audit;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.kafka.KafkaClients;
import io.fanscore.jobs.JobConfig;
import io.fanscore.schema.PackageAudit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Tells the package audit that a definitions file was refused, before the job stops at start-up: no
 * job runs to write it. Best effort: a broker out of reach is logged, and the refusal still stops
 * the job.
 */
public final class RefusedFileAudit {

    private static final Logger LOG = LoggerFactory.getLogger(RefusedFileAudit.class);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private RefusedFileAudit() {}

    public static void tell(JobConfig.RefusedPackageFile refused) {
        if (refused.auditTopic() == null || refused.kafka() == null) {
            return;
        }
        PackageAudit audit =
                new PackageAuditRecords()
                        .ofRefusedFile(
                                refused.definitionsFile(),
                                refused.refusal(),
                                System.currentTimeMillis());
        try (KafkaProducer<byte[], byte[]> producer =
                KafkaClients.producer(refused.kafka(), WAIT)) {
            producer.send(
                            new ProducerRecord<>(
                                    refused.auditTopic(),
                                    audit.getOrigin().getBytes(StandardCharsets.UTF_8),
                                    new SingleObjectCodec<>(PackageAudit.class).encode(audit)))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn(
                    "Could not write the refusal of {} to {}: {}",
                    refused.definitionsFile(),
                    refused.auditTopic(),
                    e.getCause() == null ? e.toString() : e + " (" + e.getCause() + ")");
        }
    }
}
