package io.fanscore.cli;

import io.fanscore.cli.kafka.CommittedTopicReader;
import io.fanscore.connectors.avro.DecodeException;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.json.JsonRecords;
import io.fanscore.connectors.kafka.KafkaEndpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Base64;
import java.util.concurrent.Callable;

/** Prints the committed records of a topic as JSON lines. */
@Command(
        name = "consume",
        description = {
            "Print every committed record of a topic as a JSON line (SPEC field names), partition"
                    + " by partition in offset order, then exit.",
            "A record that does not decode prints as {\"undecodable\": <base64>, \"partition\": ..,"
                    + " \"offset\": ..}."
        })
final class ConsumeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec;

    @Mixin TopicOptions target;

    @Override
    public Integer call() {
        RecordType recordType = RecordTypeOption.resolve(spec, target.topic, target.type);
        print(recordType.recordClass(), target.endpoint(spec, System.getenv()));
        return 0;
    }

    private <T extends SpecificRecordBase> void print(
            Class<T> recordClass, KafkaEndpoint endpoint) {
        PrintWriter out = spec.commandLine().getOut();
        SingleObjectCodec<T> codec = new SingleObjectCodec<>(recordClass);
        new CommittedTopicReader(endpoint)
                .readAll(target.topic, record -> out.println(jsonOf(record, codec)));
        out.flush();
    }

    private static <T extends SpecificRecordBase> String jsonOf(
            ConsumerRecord<byte[], byte[]> record, SingleObjectCodec<T> codec) {
        try {
            return JsonRecords.toJson(codec.decode(record.value()));
        } catch (DecodeException e) {
            ObjectNode node = JSON.createObjectNode();
            node.put(
                    "undecodable",
                    record.value() == null
                            ? null
                            : Base64.getEncoder().encodeToString(record.value()));
            node.put("partition", record.partition());
            node.put("offset", record.offset());
            node.put("error", e.getMessage());
            return node.toString();
        }
    }
}
