package io.fanscore.audience.api;

import io.fanscore.audience.s3.S3Location;
import io.fanscore.audience.s3.S3PackageTree;
import io.fanscore.audience.s3.S3Settings;
import io.fanscore.locals3.LocalS3Server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audience API's Kubernetes manifests ({@code flink-conf/k8s/audience-api.yaml}) against the
 * build: the configuration the Secret holds is one the server loads, and a server started from it
 * over its bucket on a real S3-protocol server (s3proxy on loopback, in place of the cloud's
 * endpoint) answers the probes' and the scrape's paths; ports, mounts, the bucket and its
 * credentials line up with the scoring job's FlinkDeployment, which writes where the API reads.
 */
class AudienceApiManifestTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path FLINK_CONF = Path.of("..", "flink-conf").toAbsolutePath().normalize();

    private static JsonNode deployment;
    private static JsonNode service;
    private static JsonNode secret;

    @BeforeAll
    static void read() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it =
                YAML.readerFor(JsonNode.class)
                        .readValues(FLINK_CONF.resolve("k8s/audience-api.yaml").toFile())) {
            it.forEachRemaining(documents::add);
        }
        deployment = kind(documents, "Deployment");
        service = kind(documents, "Service");
        secret = kind(documents, "Secret");
    }

    @Test
    void theConfigurationInTheSecretStartsAServerThatAnswersTheProbesAndTheScrape(@TempDir Path dir)
            throws Exception {
        JsonNode container = container();
        Path configFile = dir.resolve("audience-api.yaml");
        Files.writeString(configFile, secret.path("stringData").path(configKey()).asText());
        AudienceApiConfig inPod = AudienceApiConfig.load(configFile);
        assertThat(inPod.host()).as("listens on the pod's address").isEqualTo("0.0.0.0");
        assertThat(inPod.port())
                .isEqualTo(container.path("ports").get(0).path("containerPort").asInt());

        // The same configuration on loopback and a free port, its bucket on a local S3 server.
        S3Location bucket = inPod.packagesS3().orElseThrow();
        LocalS3Server s3 =
                LocalS3Server.start(
                        LocalS3Server.libDirOfBuild(),
                        Files.createDirectory(dir.resolve("s3")),
                        bucket.bucket());
        S3Settings local =
                new S3Settings(s3.endpoint(), inPod.s3().region(), true, "ACCESS", "SECRET");
        AudienceApiServer server =
                AudienceApiServer.start(
                        new AudienceApiConfig(
                                "127.0.0.1", 0, Optional.empty(), inPod.limits(), inPod.tokens()),
                        new S3PackageTree(
                                local.client(
                                        name ->
                                                name.equals("ACCESS")
                                                        ? LocalS3Server.ACCESS_KEY
                                                        : LocalS3Server.SECRET_KEY),
                                bucket));
        try {
            HttpClient client = HttpClient.newHttpClient();
            for (String path :
                    List.of(
                            container.path("readinessProbe").path("httpGet").path("path").asText(),
                            container.path("livenessProbe").path("httpGet").path("path").asText(),
                            annotation("prometheus.io/path"))) {
                HttpResponse<String> response =
                        client.send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:" + server.port() + path))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path).isEqualTo(200);
            }
        } finally {
            server.close();
            s3.close();
        }
        assertThat(annotation("prometheus.io/port")).isEqualTo(String.valueOf(inPod.port()));
    }

    @Test
    void theArgumentIsTheMountedConfiguration() {
        JsonNode container = container();
        String configMount = mount(container, "config").path("mountPath").asText();
        assertThat(container.path("args").get(0).asText())
                .isEqualTo(configMount + "/" + configKey());
        assertThat(volume("config").path("secret").path("secretName").asText())
                .isEqualTo(secret.path("metadata").path("name").asText());
    }

    @Test
    void theApiReadsTheBucketTheJobWritesWithTheSameCredentials() throws Exception {
        Path configFile = Files.createTempFile("audience-api", ".yaml");
        Files.writeString(configFile, secret.path("stringData").path(configKey()).asText());
        AudienceApiConfig inPod = AudienceApiConfig.load(configFile);
        Files.delete(configFile);

        JsonNode job = YAML.readTree(FLINK_CONF.resolve("k8s/fanscore-deployment.yaml").toFile());
        List<String> args = new ArrayList<>();
        job.path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
        assertThat(inPod.packagesS3().map(S3Location::toString))
                .hasValue(args.get(args.indexOf("--packages.path") + 1));

        JsonNode jobContainer =
                named(
                        job.path("spec").path("podTemplate").path("spec").path("containers"),
                        "flink-main-container");
        for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
            JsonNode apiSecret = named(container().path("env"), variable).path("valueFrom");
            JsonNode jobSecret = named(jobContainer.path("env"), variable).path("valueFrom");
            assertThat(apiSecret).as(variable).isEqualTo(jobSecret);
        }
        assertThat(
                        named(jobContainer.path("env"), "ENABLE_BUILT_IN_PLUGINS")
                                .path("value")
                                .asText())
                .as("the S3 file system the job writes through")
                .startsWith("flink-s3-fs-");
    }

    @Test
    void theServiceSendsToTheContainersPortAndSelectsTheApiPods() {
        JsonNode port = service.path("spec").path("ports").get(0);
        assertThat(port.path("targetPort").asText())
                .isEqualTo(container().path("ports").get(0).path("name").asText());
        assertThat(service.path("spec").path("selector"))
                .isEqualTo(
                        deployment.path("spec").path("template").path("metadata").path("labels"));
        assertThat(deployment.path("spec").path("replicas").asInt())
                .as("replicas keep no state, so several serve alike")
                .isGreaterThan(1);
    }

    @Test
    void theKustomizationAppliesEveryManifest() throws Exception {
        JsonNode kustomization = YAML.readTree(FLINK_CONF.resolve("kustomization.yaml").toFile());
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        assertThat(resources).contains("k8s/audience-api.yaml", "k8s/fanscore-deployment.yaml");
    }

    private static String configKey() {
        return secret.path("stringData").fieldNames().next();
    }

    private static String annotation(String name) {
        return deployment
                .path("spec")
                .path("template")
                .path("metadata")
                .path("annotations")
                .path(name)
                .asText();
    }

    private static JsonNode container() {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static JsonNode volume(String name) {
        return named(deployment.path("spec").path("template").path("spec").path("volumes"), name);
    }

    private static JsonNode mount(JsonNode container, String name) {
        return named(container.path("volumeMounts"), name);
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no entry named " + name + " in " + list);
    }

    private static JsonNode kind(List<JsonNode> documents, String kind) {
        return documents.stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in the manifest"));
    }
}
