package io.fanscore.cli.audience;

import io.fanscore.audience.api.AccessToken;
import io.fanscore.audience.api.AudienceApiConfig;
import io.fanscore.audience.api.AudienceApiServer;
import io.fanscore.cli.testutils.AudienceApiConfigs;
import io.fanscore.cli.testutils.PackageJob;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.locals3.LocalS3Server;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.testutils.KafkaTestBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audience API over what the real job wrote: a bounded replay on a MiniCluster with RocksDB
 * against a real broker writes package versions; the API, started on them, serves members equal to
 * the deltas the job committed to Kafka, and an incremental sync from version 1 arrives at the
 * latest members exactly; with the versions in a local directory and in object storage.
 */
class AudienceEndToEndITCase {

    @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

    private static final String PACKAGE = "c-followers";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theApiServesWhatTheJobWrote() throws Exception {
        PackageJob job = new PackageJob(KAFKA, "e2e-audience", dir);
        Path packages = runJob(job);
        String token = AccessToken.generate();
        Path apiConfig = dir.resolve("audience-api.yaml");
        Files.writeString(
                apiConfig, AudienceApiConfigs.oneToken(AccessToken.sha256Hex(token), PACKAGE));
        try (AudienceApiServer server =
                AudienceApiServer.start(AudienceApiConfig.load(apiConfig), packages)) {
            assertServesWhatTheJobCommitted(server, token, job);
        }
    }

    /**
     * The job on a MiniCluster writes its versions to a real S3-protocol server (s3proxy on
     * loopback) through Flink's S3 file system, and two API replicas configured with {@code
     * packages_path: s3://…} serve them: members equal to the committed deltas, the sync exact.
     */
    @Test
    void theApiServesFromObjectStorageWhatTheJobWroteThere() throws Exception {
        String bucket = "fanscore-packages";
        try (LocalS3Server s3 =
                LocalS3Server.start(
                        LocalS3Server.libDirOfBuild(),
                        Files.createDirectories(dir.resolve("s3")),
                        bucket)) {
            String packagesUri = "s3://" + bucket + "/e2e/packages";
            PackageJob job =
                    new PackageJob(KAFKA, "e2e-audience-s3", dir)
                            .writingPackagesTo(
                                    packagesUri,
                                    Map.of(
                                            "s3.endpoint",
                                            s3.endpoint(),
                                            "s3.path.style.access",
                                            "true",
                                            "s3.access-key",
                                            LocalS3Server.ACCESS_KEY,
                                            "s3.secret-key",
                                            LocalS3Server.SECRET_KEY));
            runJob(job);
            assertThat(job.packagesDir()).doesNotExist();

            String token = AccessToken.generate();
            Path apiConfig = dir.resolve("audience-api-s3.yaml");
            Files.writeString(
                    apiConfig,
                    AudienceApiConfigs.oneToken(AccessToken.sha256Hex(token), PACKAGE)
                            + "packages_path: "
                            + packagesUri
                            + "\ns3:\n  endpoint: "
                            + s3.endpoint()
                            + "\n  path_style_access: true\n"
                            + "  access_key_env: E2E_S3_ACCESS\n  secret_key_env: E2E_S3_SECRET\n");
            AudienceApiConfig config = AudienceApiConfig.load(apiConfig);
            for (int replica = 0; replica < 2; replica++) {
                try (AudienceApiServer server =
                        AudienceApiServer.start(
                                config, config.openPackages(null, AudienceEndToEndITCase::s3Env))) {
                    assertServesWhatTheJobCommitted(server, token, job);
                }
            }
        }
    }

    private static String s3Env(String name) {
        return switch (name) {
            case "E2E_S3_ACCESS" -> LocalS3Server.ACCESS_KEY;
            case "E2E_S3_SECRET" -> LocalS3Server.SECRET_KEY;
            default -> null;
        };
    }

    /** Ten follows, four unfollows a day later, a like two days later: versions every 6 h. */
    private static Path runJob(PackageJob job) throws Exception {
        SingleObjectCodec<InteractionEvent> codec = new SingleObjectCodec<>(InteractionEvent.class);
        Instant noon = Instant.parse("2026-01-05T04:00:00Z");
        List<Map.Entry<byte[], byte[]>> events = new ArrayList<>();
        for (int fan = 0; fan < 10; fan++) {
            events.add(
                    event(codec, "f" + fan, InteractionType.FOLLOW, noon.plusSeconds(3600L * fan)));
        }
        for (int fan = 0; fan < 4; fan++) {
            events.add(
                    event(
                            codec,
                            "f" + fan,
                            InteractionType.UNFOLLOW,
                            noon.plus(Duration.ofDays(1))));
        }
        events.add(event(codec, "f9", InteractionType.LIKE, noon.plus(Duration.ofDays(2))));
        return job.run(
                events,
                "version_interval: 6h\n"
                        + "packages:\n"
                        + "  - {package_id: "
                        + PACKAGE
                        + ", creator_id: c, min_tier: CASUAL, following_required: true,"
                        + " salt_ref: test, min_size: 1}\n",
                "test=pepper\n");
    }

    private void assertServesWhatTheJobCommitted(
            AudienceApiServer server, String token, PackageJob job) throws Exception {
        URI base = server.baseUri().resolve("v1/packages/" + PACKAGE + "/");
        assertThat(get(base.resolve("versions/latest"), "wrong").statusCode()).isEqualTo(401);

        JsonNode latest = JSON.readTree(get(base.resolve("versions/latest"), token).body());
        int version = latest.get("version").asInt();
        assertThat(version).isGreaterThan(1);
        List<String> members = lines(get(base.resolve("versions/latest/members"), token));
        assertThat(members)
                .isEqualTo(
                        committedMembersBefore(
                                job.topic("audience-deltas"), latest.get("cutoff").asLong()));
        assertThat(members)
                .containsExactlyElementsOf(
                        new TreeSet<>(
                                List.of("f4", "f5", "f6", "f7", "f8", "f9").stream()
                                        .map(f -> IdFormat.SHA256.memberId("pepper", f))
                                        .toList()));

        TreeSet<String> synced =
                new TreeSet<>(lines(get(base.resolve("versions/1/members"), token)));
        for (String change : lines(get(base.resolve("changes?since=1"), token))) {
            if (change.startsWith("+")) {
                synced.add(change.substring(1));
            } else {
                synced.remove(change.substring(1));
            }
        }
        assertThat(new ArrayList<>(synced)).isEqualTo(members);
    }

    private List<String> committedMembersBefore(String deltasTopic, long cutoff) throws Exception {
        SingleObjectCodec<AudienceDelta> codec = new SingleObjectCodec<>(AudienceDelta.class);
        List<AudienceDelta> deltas = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.readCommitted(deltasTopic)) {
            deltas.add(codec.decode(record.value()));
        }
        deltas.sort(java.util.Comparator.comparing(AudienceDelta::getEventTime));
        TreeSet<String> members = new TreeSet<>();
        for (AudienceDelta delta : deltas) {
            if (delta.getEventTime().toEpochMilli() < cutoff) {
                if (delta.getOp() == DeltaOp.ADD) {
                    members.add(delta.getMemberId());
                } else {
                    members.remove(delta.getMemberId());
                }
            }
        }
        return new ArrayList<>(members);
    }

    private HttpResponse<String> get(URI uri, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static List<String> lines(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().isEmpty() ? List.of() : List.of(response.body().split("\n"));
    }

    private static Map.Entry<byte[], byte[]> event(
            SingleObjectCodec<InteractionEvent> codec,
            String fan,
            InteractionType type,
            Instant time) {
        InteractionEvent event =
                InteractionEvent.newBuilder()
                        .setEventId(fan + "-" + type + "-" + time.toEpochMilli())
                        .setCreatorId("c")
                        .setFanId(fan)
                        .setType(type)
                        .setEventTime(time)
                        .build();
        return Map.entry("c".getBytes(StandardCharsets.UTF_8), codec.encode(event));
    }
}
