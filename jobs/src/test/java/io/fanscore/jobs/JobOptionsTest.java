package io.fanscore.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job's options: typed in code, the same from the command line, defaults in one place. */
class JobOptionsTest {

    @Test
    void defaultsComeFromTheOptions() {
        JobConfig config = JobConfig.from(new Configuration());
        assertThat(config.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(config.outOfOrderness()).isEqualTo(JobOptions.OUT_OF_ORDERNESS.defaultValue());
        assertThat(config.notifyBuckets()).isEqualTo(128);
        assertThat(config.fromEarliest()).isFalse();
        assertThat(config.parallelism()).isNull();
        assertThat(config.audience()).isNull();
    }

    @Test
    void typedOptionsAndArgumentsConfigureTheSameJob() {
        Configuration typed = new Configuration();
        typed.set(JobOptions.DELIVERY, JobOptions.Delivery.AT_LEAST_ONCE);
        typed.set(JobOptions.IDLENESS, Duration.ofSeconds(3));
        typed.set(JobOptions.PARALLELISM, 4);
        typed.set(JobOptions.FROM, JobOptions.StartFrom.EARLIEST);
        JobOptions.kafkaProperty(typed, "client.id", "me");
        JobOptions.flinkSetting(typed, "pipeline.max-parallelism", "64");
        JobConfig fromCode = JobConfig.from(typed);
        JobConfig fromArgs =
                JobConfig.from(
                        JobArguments.parse(
                                "--delivery",
                                "at-least-once",
                                "--idleness=3s",
                                "--parallelism",
                                "4",
                                "--from",
                                "earliest",
                                "--kafka.client.id",
                                "me",
                                "--flink.pipeline.max-parallelism",
                                "64"));
        for (JobConfig config : new JobConfig[] {fromCode, fromArgs}) {
            assertThat(config.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
            assertThat(config.idleness()).isEqualTo(Duration.ofSeconds(3));
            assertThat(config.parallelism()).isEqualTo(4);
            assertThat(config.fromEarliest()).isTrue();
            assertThat(config.kafka().extraProperties()).containsEntry("client.id", "me");
            assertThat(config.flinkSettings()).containsEntry("pipeline.max-parallelism", "64");
        }
    }

    @Test
    void aBoundedReplayReadsFromTheStartUnlessToldOtherwise() {
        assertThat(JobConfig.from(JobArguments.parse("--bounded")).fromEarliest()).isTrue();
        assertThat(
                        JobConfig.from(JobArguments.parse("--bounded", "--from", "committed"))
                                .fromEarliest())
                .isFalse();
        assertThat(JobConfig.from(JobArguments.parse("--bounded", "false")).bounded()).isFalse();
    }

    @Test
    void unknownKeysAndBadValuesFailNamingTheKey() {
        assertThatThrownBy(() -> JobConfig.from(JobArguments.parse("--idelness", "3s")))
                .hasMessageContaining("'idelness' is not a known option");
        assertThatThrownBy(() -> JobConfig.from(JobArguments.parse("--delivery", "twice")))
                .hasMessageContaining("'delivery'")
                .hasMessageContaining("exactly-once");
        assertThatThrownBy(() -> JobConfig.from(JobArguments.parse("--bounded", "maybe")))
                .hasMessageContaining("'bounded'");
        assertThatThrownBy(() -> JobConfig.from(JobArguments.parse("--notify.buckets", "0")))
                .hasMessageContaining("'notify.buckets' must be a positive integer");
        assertThatThrownBy(() -> JobConfig.from(JobArguments.parse("--group-id", " ")))
                .hasMessageContaining("'group-id' must not be empty");
        assertThatThrownBy(() -> JobArguments.parse("--idleness"))
                .hasMessageContaining("'idleness' needs a value");
    }

    @Test
    void helpShowsDefaultsAsTheyAreWritten() {
        assertThat(JobOptions.defaultText(JobOptions.OUT_OF_ORDERNESS)).isEqualTo("10 s");
        assertThat(JobOptions.defaultText(JobOptions.DELIVERY)).isEqualTo("exactly-once");
        assertThat(JobOptions.defaultText(JobOptions.CHECKPOINT_DIR)).isEqualTo("(none)");
    }
}
