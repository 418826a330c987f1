package io.fanscore.jobs.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped Prometheus files, checked by Prometheus's own tool (installed by .ci/run). */
class PromtoolITCase {

    private static final Path DIR = DeploymentFiles.prometheusDir();

    @Test
    void alertingAndRecordingRulesAreValid() throws Exception {
        PrometheusBinaries.Run run =
                PrometheusBinaries.promtool(DIR, "check", "rules", "fanscore-rules.yml");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void rulesPassTheirUnitTests() throws Exception {
        PrometheusBinaries.Run run =
                PrometheusBinaries.promtool(DIR, "test", "rules", "fanscore-rules.test.yml");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void scrapeConfigIsValid() throws Exception {
        PrometheusBinaries.Run run =
                PrometheusBinaries.promtool(DIR, "check", "config", "prometheus.yml");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void aBrokenRuleIsRejected(@TempDir Path dir) throws Exception {
        // The checks above are only worth something if promtool really parses the expressions.
        Files.writeString(
                dir.resolve("broken.yml"),
                Files.readString(DIR.resolve("fanscore-rules.yml"))
                        .replace(
                                "sum by (job_name, type) (rate(", "sum by (job_name, type) (rat("));
        PrometheusBinaries.Run run =
                PrometheusBinaries.promtool(dir, "check", "rules", "broken.yml");
        assertThat(run.exitCode()).as(run.output()).isNotZero();
    }
}
