package io.fanscore.jobs;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;

import org.rocksdb.CompressionType;

import java.util.List;

/** The Flink settings every fanscore job runs with, whatever the cluster defaults are. */
public final class FlinkSettings {

    /** Completed checkpoints kept, unless the cluster or {@code --flink.*} says otherwise. */
    public static final int RETAINED_CHECKPOINTS = 3; // as flink-conf/config.yaml

    private FlinkSettings() {}

    public static Configuration forJob(JobConfig config) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // Every checkpoint flushes RocksDB's memtables and the files it makes are soon compacted
        // again: compressing them (Snappy by default) took more CPU than the scoring itself. The
        // first two levels hold what was written lately; only the levels below are compressed.
        conf.set(
                RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                List.of(
                        CompressionType.NO_COMPRESSION,
                        CompressionType.NO_COMPRESSION,
                        CompressionType.LZ4_COMPRESSION));
        // A pair's first event looks up a key that is nowhere: the filter answers without
        // reading a block of every file.
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        // explain, state and the console read the newest checkpoint while the job runs: a few
        // retained give such a reader several intervals before its checkpoint is subsumed and
        // deleted (incremental checkpoints share their files, so each costs little).
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, RETAINED_CHECKPOINTS);
        if (config.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
        }
        // All state and records have explicit serializers (Avro, POJO, tuples); Kryo would be a
        // bug.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Operators never keep references to their inputs, so chained operators may share objects.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.NAME, config.jobName());
        // Explicit --flink.* settings win over the defaults above.
        conf.addAll(Configuration.fromMap(config.flinkSettings()));
        if (config.parallelism() != null) {
            conf.set(CoreOptions.DEFAULT_PARALLELISM, config.parallelism());
        }
        return conf;
    }
}
