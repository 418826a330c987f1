package io.fanscore.cli.kafka;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/** Where Kafka's default partitioner puts a record with a given key. */
public final class KeyPartitions {

    private KeyPartitions() {}

    /** The partition of a record keyed by {@code key} (UTF-8) on a topic of {@code partitions}. */
    public static int of(String key, int partitions) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
    }
}
