package io.fanscore.cli.audience;

import io.fanscore.audience.api.AccessToken;
import io.fanscore.audience.api.AudienceApiConfig;
import io.fanscore.audience.api.AudienceApiServer;
import io.fanscore.cli.testutils.AudienceApiConfigs;
import io.fanscore.cli.testutils.PackageJob;
import io.fanscore.connectors.avro.SingleObjectCodec;
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
 * latest members exactly.
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
        Path packages =
                job.run(
                        events,
                        "version_interval: 6h\n"
                                + "packages:\n"
                                + "  - {package_id: "
                                + PACKAGE
                                + ", creator_id: c, min_tier: CASUAL, following_required: true,"
                                + " salt_ref: test, min_size: 1}\n",
                        "test=pepper\n");

        String token = AccessToken.generate();
        Path apiConfig = dir.resolve("audience-api.yaml");
        Files.writeString(
                apiConfig, AudienceApiConfigs.oneToken(AccessToken.sha256Hex(token), PACKAGE));
        try (AudienceApiServer server =
                AudienceApiServer.start(AudienceApiConfig.load(apiConfig), packages)) {
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
