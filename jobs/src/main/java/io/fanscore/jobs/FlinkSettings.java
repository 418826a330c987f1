package io.fanscore.jobs;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;

/** The Flink settings every fanscore job runs with, whatever the cluster defaults are. */
public final class FlinkSettings {

    private FlinkSettings() {}

    public static Configuration forJob(JobConfig config) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
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
