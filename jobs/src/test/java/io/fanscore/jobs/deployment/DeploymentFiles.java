package io.fanscore.jobs.deployment;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped deployment files under {@code flink-conf/}, found from the module directory. */
public final class DeploymentFiles {

    private DeploymentFiles() {}

    /** The {@code flink-conf} directory of the repository. */
    public static Path flinkConf() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("flink-conf");
            if (Files.isRegularFile(candidate.resolve("config.yaml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no flink-conf/config.yaml above " + Path.of("").toAbsolutePath());
    }

    public static Path prometheusDir() {
        return flinkConf().resolve("prometheus");
    }

    public static Path kubernetesManifest() {
        return flinkConf().resolve("k8s").resolve("fanscore-deployment.yaml");
    }

    public static Path grafanaDashboard() {
        return flinkConf().resolve("grafana").resolve("fanscore-dashboard.json");
    }

    /** The job module's pom, which names the shaded job jar. */
    public static Path jobsPom() {
        return flinkConf().getParent().resolve("jobs").resolve("pom.xml");
    }
}
