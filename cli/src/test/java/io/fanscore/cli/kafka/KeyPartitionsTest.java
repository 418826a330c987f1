package io.fanscore.cli.kafka;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPartitionsTest {

    @Test
    void keysLandWhereTheProducerPutsThem() {
        for (int partitions : new int[] {1, 3, 4, 12}) {
            for (int i = 0; i < 1_000; i++) {
                String key = "creator-" + i;
                assertThat(KeyPartitions.of(key, partitions))
                        .isEqualTo(
                                BuiltInPartitioner.partitionForKey(
                                        key.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
