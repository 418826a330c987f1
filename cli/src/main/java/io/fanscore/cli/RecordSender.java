package io.fanscore.cli;

import io.fanscore.cli.kafka.KafkaSetupException;
import io.fanscore.connectors.kafka.KafkaClients;
import io.fanscore.connectors.kafka.KafkaEndpoint;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Sends records and fails if any was not acknowledged. */
final class RecordSender {

    private RecordSender() {}

    static void send(
            KafkaEndpoint endpoint, String topic, List<ProducerRecord<byte[], byte[]>> records) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(endpoint)) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(
                        record,
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new KafkaSetupException(
                    "sending to " + topic + " failed, some records may be sent: " + failure.get(),
                    null);
        }
    }
}
