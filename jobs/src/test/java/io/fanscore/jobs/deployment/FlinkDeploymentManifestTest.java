package io.fanscore.jobs.deployment;

import io.fanscore.jobs.JobConfig;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.util.EnvironmentInformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flink-conf/k8s/fanscore-deployment.yaml} read as the operator reads it: the fields it
 * needs are there and agree with the build (jar name, entry class), with the job's options, with
 * the kustomization that makes the profile ConfigMap, and with {@code config.yaml}.
 */
class FlinkDeploymentManifestTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * Keys set by Kubernetes or the job spec instead, or that differ from config.yaml by design.
     */
    private static final Set<String> NOT_SHARED_WITH_CONFIG_YAML =
            Set.of(
                    "jobmanager.rpc.address", // the operator points it at the JobManager service
                    "jobmanager.memory.process.size", // from jobManager.resource.memory
                    "taskmanager.memory.process.size", // from taskManager.resource.memory
                    "parallelism.default", // job.parallelism
                    "execution.checkpointing.dir", // storage every pod reaches
                    "execution.checkpointing.savepoint-dir",
                    "metrics.reporter.prom.port"); // one process per pod: one port

    /** Options of the operator itself, not of Flink: not on our classpath to check against. */
    private static final Set<String> OPERATOR_KEYS =
            Set.of(
                    "kubernetes.operator.periodic.savepoint.interval",
                    "kubernetes.operator.savepoint.history.max.count");

    private static JsonNode spec;
    private static Map<String, String> flinkConfiguration;

    @BeforeAll
    static void read() throws Exception {
        JsonNode manifest = YAML.readTree(DeploymentFiles.kubernetesManifest().toFile());
        assertThat(manifest.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(manifest.path("kind").asText()).isEqualTo("FlinkDeployment");
        spec = manifest.path("spec");
        flinkConfiguration = new HashMap<>();
        spec.path("flinkConfiguration")
                .fields()
                .forEachRemaining(e -> flinkConfiguration.put(e.getKey(), e.getValue().asText()));
    }

    @Test
    void flinkVersionIsTheOneTheJobIsBuiltAgainst() {
        String[] version = EnvironmentInformation.getVersion().split("\\.");
        assertThat(spec.path("flinkVersion").asText())
                .isEqualTo("v" + version[0] + "_" + version[1]);
    }

    @Test
    void theJarIsTheShadedJobJarWhereTheImagePutsIt() throws Exception {
        String jar = shadedJarName();
        assertThat(jar).isEqualTo("fanscore-job.jar");
        String jarUri = spec.path("job").path("jarURI").asText();
        assertThat(jarUri).isEqualTo("local:///opt/flink/usrlib/" + jar);
        String dockerfile =
                Files.readString(DeploymentFiles.kubernetesManifest().resolveSibling("Dockerfile"));
        assertThat(dockerfile)
                .containsPattern(
                        "(?m)^COPY jobs/target/"
                                + jar
                                + " "
                                + jarUri.substring("local://".length())
                                + "$")
                .containsPattern("(?m)^FROM flink:" + EnvironmentInformation.getVersion() + "-");
    }

    @Test
    void theEntryClassIsTheJobsMainClass() throws Exception {
        Class<?> entry = Class.forName(spec.path("job").path("entryClass").asText());
        Method main = entry.getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
    }

    @Test
    void savepointUpgradesHaveTheDirectoriesTheOperatorRequires() {
        JsonNode job = spec.path("job");
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("state").asText()).isEqualTo("running");
        assertThat(job.path("parallelism").asInt()).isPositive();
        Configuration conf = Configuration.fromMap(flinkConfiguration);
        // The operator validates exactly these two before it accepts a savepoint upgrade mode.
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isNotBlank();
        assertThat(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).isNotBlank();
        assertThat(conf.get(HighAvailabilityOptions.HA_MODE)).isEqualTo("kubernetes");
        assertThat(conf.get(HighAvailabilityOptions.HA_STORAGE_PATH)).isNotBlank();
    }

    @Test
    void everyFlinkSettingIsACurrentFlinkOption() {
        for (String key : flinkConfiguration.keySet()) {
            if (!OPERATOR_KEYS.contains(key)) {
                assertThat(FlinkOptionKeys.problemWith(key)).as(key).isEmpty();
            }
        }
    }

    @Test
    void flinkSettingsAgreeWithConfigYaml() {
        Map<String, String> clusterConfig =
                GlobalConfiguration.loadConfiguration(DeploymentFiles.flinkConf().toString())
                        .toMap();
        for (Map.Entry<String, String> setting : clusterConfig.entrySet()) {
            if (!NOT_SHARED_WITH_CONFIG_YAML.contains(setting.getKey())) {
                assertThat(flinkConfiguration.get(setting.getKey()))
                        .as(setting.getKey())
                        .isEqualTo(setting.getValue());
            }
        }
        assertThat(memory(spec.path("taskManager")))
                .isEqualTo(
                        MemorySize.parse(
                                clusterConfig.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY.key())));
        assertThat(memory(spec.path("jobManager")))
                .isEqualTo(
                        MemorySize.parse(
                                clusterConfig.get(JobManagerOptions.TOTAL_PROCESS_MEMORY.key())));
    }

    @Test
    void theJobArgumentsAreValidJobOptions(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        List<String> args = args();
        // The profile and package definitions as the ConfigMaps are made of, in place of their
        // paths in the pod; the salt the Secret gives the pod as FANSCORE_SALT_DEMO.
        int profile = args.indexOf("--profile");
        args.set(
                profile + 1,
                DeploymentFiles.flinkConf().resolve("profiles/general.yaml").toString());
        int packages = args.indexOf("--packages");
        args.set(packages + 1, DeploymentFiles.flinkConf().resolve("packages.yaml").toString());
        Path salts = dir.resolve("salts.properties");
        java.nio.file.Files.writeString(salts, "demo=not-a-real-salt\n");
        args.addAll(List.of("--packages.salts", salts.toString()));
        JobConfig config = JobConfig.fromArgs(args.toArray(String[]::new));
        assertThat(config.audience()).isNotNull();
        assertThat(config.kafka().bootstrapServers()).contains(":9092");
        assertThat(config.kafka().clientProperties())
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(String.join(" ", args)).doesNotContainIgnoringCase("password");
    }

    @Test
    void theProfileIsMountedFromTheConfigMapTheKustomizationMakes() throws Exception {
        String profilePath = args().get(args().indexOf("--profile") + 1);
        JsonNode podSpec = spec.path("podTemplate").path("spec");
        JsonNode mount = named(mainContainer().path("volumeMounts"), "scoring-profile");
        JsonNode volume = named(podSpec.path("volumes"), "scoring-profile");
        String configMap = volume.path("configMap").path("name").asText();

        JsonNode kustomization =
                YAML.readTree(DeploymentFiles.flinkConf().resolve("kustomization.yaml").toFile());
        assertThat(kustomization.path("resources").get(0).asText())
                .isEqualTo(
                        DeploymentFiles.flinkConf()
                                .relativize(DeploymentFiles.kubernetesManifest())
                                .toString());
        assertThat(kustomization.path("generatorOptions").path("disableNameSuffixHash").asBoolean())
                .as("a hashed name would not be rewritten inside the custom resource")
                .isTrue();
        JsonNode generator = named(kustomization.path("configMapGenerator"), configMap);
        String[] keyAndFile = generator.path("files").get(0).asText().split("=", 2);
        assertThat(profilePath).isEqualTo(mount.path("mountPath").asText() + "/" + keyAndFile[0]);
        assertThat(DeploymentFiles.flinkConf().resolve(keyAndFile[1])).isRegularFile();
    }

    @Test
    void kafkaCredentialsComeFromASecretAsEnvironment() {
        JsonNode env = mainContainer().path("env");
        for (String variable : List.of("FANSCORE_KAFKA_USERNAME", "FANSCORE_KAFKA_PASSWORD")) {
            JsonNode secret = named(env, variable).path("valueFrom").path("secretKeyRef");
            assertThat(secret.path("name").asText()).as(variable).isEqualTo("fanscore-kafka");
            assertThat(secret.path("key").asText()).as(variable).isNotBlank();
        }
    }

    @Test
    void prometheusScrapesThePortTheReporterServes() {
        String port = flinkConfiguration.get("metrics.reporter.prom.port");
        assertThat(Integer.parseInt(port)).isPositive();
        JsonNode annotations = spec.path("podTemplate").path("metadata").path("annotations");
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(port);
        assertThat(named(mainContainer().path("ports"), "metrics").path("containerPort").asText())
                .isEqualTo(port);
    }

    private static JsonNode mainContainer() {
        // The operator merges its own container into the one of this name.
        return named(
                spec.path("podTemplate").path("spec").path("containers"), "flink-main-container");
    }

    private static List<String> args() {
        List<String> args = new ArrayList<>();
        spec.path("job").path("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    private static MemorySize memory(JsonNode component) {
        return MemorySize.parse(component.path("resource").path("memory").asText());
    }

    /** The element of a list with {@code name: <name>}. */
    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode element : list) {
            if (name.equals(element.path("name").asText())) {
                return element;
            }
        }
        throw new AssertionError("no element named " + name + " in " + list);
    }

    /** The file name of the shade plugin's output in jobs/pom.xml. */
    private static String shadedJarName() throws Exception {
        Document pom =
                DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(DeploymentFiles.jobsPom().toFile());
        NodeList outputs = pom.getElementsByTagName("outputFile");
        assertThat(outputs.getLength()).isEqualTo(1);
        return Path.of(((Element) outputs.item(0)).getTextContent().trim())
                .getFileName()
                .toString();
    }
}
