package io.fanscore.cli.erasure;

import io.fanscore.audience.api.AccessToken;
import io.fanscore.audience.api.AudienceApiConfig;
import io.fanscore.audience.api.AudienceApiServer;
import io.fanscore.cli.state.PairStateDump;
import io.fanscore.cli.testutils.AudienceApiConfigs;
import io.fanscore.cli.testutils.PackageJob;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.exporters.Destination;
import io.fanscore.exporters.ExportFormat;
import io.fanscore.exporters.ExportKind;
import io.fanscore.exporters.ExportLog;
import io.fanscore.exporters.ExportRecord;
import io.fanscore.exporters.Exporter;
import io.fanscore.exporters.IdType;
import io.fanscore.jobs.scoring.PairScoringOperator;
import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.LocalPackageTree;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.VersionManifest;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.ErasureOutcome;
import io.fanscore.schema.ErasureRequest;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;
import io.fanscore.testutils.KafkaTestBroker;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.groups.Tuple;
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

import static io.fanscore.cli.testutils.ExportFiles.madids;
import static io.fanscore.cli.testutils.ExportFiles.maid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fan asks to be forgotten while the real job runs (MiniCluster, RocksDB, checkpoints, a real
 * broker): the fan follows two creators and is in three packages. After the request: a change to
 * NONE (cause ERASURE) for each pair and a REMOVE from each package, stamped with the request's
 * time; one outcome with the fan only as a salted hash; the next version of each package and a Meta
 * export without the fan, and the audience API's member check saying no; and a savepoint taken
 * afterwards holding nothing of the fan but the new state its later event started.
 */
class ErasureEndToEndITCase {

    @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

    private static final Instant START = Instant.parse("2026-01-05T04:00:00Z");
    private static final Instant REQUESTED = START.plus(Duration.ofHours(30));
    private static final String GONE = maid(0);
    private static final String SALT = "pepper";
    private static final PackageId C1_FOLLOWERS = new PackageId("c1-followers");
    private static final PackageId C1_HASHED = new PackageId("c1-casual-hashed");
    private static final PackageId C2_CASUAL = new PackageId("c2-casual");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void anErasedFanIsGoneFromOutputsVersionsExportsAndTheSavepoint() throws Exception {
        PackageJob job = new PackageJob(KAFKA, "e2e-erasure", dir);
        job.createTopics();
        KAFKA.produce(job.topic("interactions"), interactions());
        KAFKA.produce(job.topic("erasures"), List.of(request()));
        JobClient running =
                job.start(
                        "version_interval: 6h\nallow_raw: true\npackages:\n"
                                + "  - {package_id: c1-followers, creator_id: c1, min_tier: CASUAL,"
                                + " following_required: true, id_format: raw, min_size: 1}\n"
                                + "  - {package_id: c1-casual-hashed, creator_id: c1, min_tier:"
                                + " CASUAL, salt_ref: test, min_size: 1}\n"
                                + "  - {package_id: c2-casual, creator_id: c2, min_tier: CASUAL,"
                                + " id_format: raw, min_size: 1}\n",
                        "test=" + SALT + "\n");
        LocalPackageTree tree = new LocalPackageTree(job.packagesDir());
        SingleObjectCodec<ErasureOutcome> outcomes = new SingleObjectCodec<>(ErasureOutcome.class);
        await().atMost(Duration.ofMinutes(3))
                .until(
                        () ->
                                !KAFKA.readCommitted(job.topic("erasure-outcomes")).isEmpty()
                                        && versionAfterRequest(tree, C1_FOLLOWERS)
                                        && versionAfterRequest(tree, C1_HASHED)
                                        && versionAfterRequest(tree, C2_CASUAL));
        String savepoint =
                running.stopWithSavepoint(
                                false,
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();

        List<ConsumerRecord<byte[], byte[]>> outcomeRecords =
                KAFKA.readCommitted(job.topic("erasure-outcomes"));
        assertThat(outcomeRecords).hasSize(1);
        assertThat(new String(outcomeRecords.get(0).value(), StandardCharsets.ISO_8859_1))
                .doesNotContain(GONE);
        ErasureOutcome outcome = outcomes.decode(outcomeRecords.get(0).value());
        assertThat(outcome.getRequestId()).isEqualTo("forget-me");
        assertThat(outcome.getFanHash())
                .isEqualTo(
                        IdFormat.SHA256.memberId(PairScoringOperator.DEFAULT_ERASURE_SALT, GONE));
        assertThat(outcome.getPairsErased()).isEqualTo(2);
        assertThat(outcome.getPackagesTouched())
                .containsExactly("c1-casual-hashed", "c1-followers", "c2-casual");
        assertThat(outcome.getAppliedAt()).isEqualTo(REQUESTED);

        assertThat(decoded(job.topic("tier-changes"), TierChange.class))
                .filteredOn(change -> change.getFanId().equals(GONE))
                .extracting(
                        TierChange::getCreatorId,
                        TierChange::getToTier,
                        TierChange::getCause,
                        TierChange::getEventTime)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("c1", Tier.CASUAL, "follow-c1-0", START),
                        Tuple.tuple("c2", Tier.CASUAL, "follow-c2-0", START),
                        Tuple.tuple("c1", Tier.NONE, "ERASURE", REQUESTED),
                        Tuple.tuple("c2", Tier.NONE, "ERASURE", REQUESTED),
                        Tuple.tuple("c2", Tier.POTENTIAL, "like-after", REQUESTED.plusSeconds(60)));
        String hashed = IdFormat.SHA256.memberId(SALT, GONE);
        assertThat(decoded(job.topic("audience-deltas"), AudienceDelta.class))
                .filteredOn(d -> d.getMemberId().equals(GONE) || d.getMemberId().equals(hashed))
                .filteredOn(d -> d.getOp() == DeltaOp.REMOVE)
                .extracting(AudienceDelta::getPackageId, AudienceDelta::getEventTime)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("c1-followers", REQUESTED),
                        Tuple.tuple("c1-casual-hashed", REQUESTED),
                        Tuple.tuple("c2-casual", REQUESTED));

        assertMembersBeforeAndAfter(tree, C1_FOLLOWERS, GONE);
        assertMembersBeforeAndAfter(tree, C1_HASHED, hashed);
        assertMembersBeforeAndAfter(tree, C2_CASUAL, GONE);
        assertExportedThenRemoved(tree);
        assertTheApiSaysNoMember(job.packagesDir(), hashed);

        List<PairStateDump.Pair> left =
                PairStateDump.pairs(savepoint, new PairStateDump.Filter(null, GONE));
        assertThat(left)
                .singleElement()
                .satisfies(
                        pair -> {
                            // Only what the later LIKE started: a new pair, not following, one
                            // point.
                            assertThat(pair.creatorId()).isEqualTo("c2");
                            assertThat(pair.state().getFollowing()).isFalse();
                            assertThat(pair.state().getIntimacy()).isEqualTo(1);
                        });
        assertThat(PairStateDump.pairs(savepoint, new PairStateDump.Filter(null, null)))
                .extracting(PairStateDump.Pair::fanId)
                .contains(maid(1), maid(2));
    }

    /** The audience API's member check on the latest version: the fan no, another fan yes. */
    private void assertTheApiSaysNoMember(Path packages, String hashed) throws Exception {
        String token = AccessToken.generate();
        Path apiConfig = dir.resolve("audience-api.yaml");
        Files.writeString(
                apiConfig,
                AudienceApiConfigs.oneToken(AccessToken.sha256Hex(token), C1_HASHED.value()));
        HttpClient http = HttpClient.newHttpClient();
        try (AudienceApiServer server =
                AudienceApiServer.start(AudienceApiConfig.load(apiConfig), packages)) {
            URI members =
                    server.baseUri().resolve("v1/packages/" + C1_HASHED.value() + "/members/");
            for (Map.Entry<String, Boolean> check :
                    Map.of(hashed, false, IdFormat.SHA256.memberId(SALT, maid(1)), true)
                            .entrySet()) {
                HttpResponse<String> answer =
                        http.send(
                                HttpRequest.newBuilder(members.resolve(check.getKey()))
                                        .header("Authorization", "Bearer " + token)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(JSON.readTree(answer.body()).get("member").asBoolean())
                        .as(answer.body())
                        .isEqualTo(check.getValue());
            }
        }
    }

    /** A version whose cutoff is after the request has been published. */
    private static boolean versionAfterRequest(LocalPackageTree tree, PackageId id)
            throws Exception {
        var latest = tree.latestVersion(id);
        return latest.isPresent()
                && tree.manifest(id, latest.getAsInt()).orElseThrow().cutoff()
                        > REQUESTED.toEpochMilli();
    }

    /** The fan was a member of the version before the request, and of none after it. */
    private static void assertMembersBeforeAndAfter(
            LocalPackageTree tree, PackageId id, String member) throws Exception {
        List<Boolean> before = new ArrayList<>();
        List<Boolean> after = new ArrayList<>();
        for (int version : tree.versions(id)) {
            VersionManifest manifest = tree.manifest(id, version).orElseThrow();
            boolean in = tree.lines(manifest, FileRole.MEMBERS).contains(member);
            (manifest.cutoff() <= REQUESTED.toEpochMilli() ? before : after).add(in);
        }
        assertThat(before).as("%s before the request", id.value()).endsWith(true);
        assertThat(after).as("%s after the request", id.value()).isNotEmpty().containsOnly(false);
    }

    /** A Meta export of c1's followers: in the first upload, then in a delta's removals. */
    private void assertExportedThenRemoved(LocalPackageTree tree) throws Exception {
        Destination meta =
                new Destination(
                        "meta",
                        ExportFormat.META_CUSTOM_AUDIENCE,
                        IdType.MAID,
                        1,
                        Duration.ofHours(6),
                        Duration.ofDays(7));
        Path out = dir.resolve("exports");
        List<ExportRecord> exports = new Exporter(tree, out).exportDue(C1_FOLLOWERS, meta);
        Path log = out.resolve(C1_FOLLOWERS.value()).resolve("meta");
        TreeSet<String> audience = new TreeSet<>();
        boolean removedByADelta = false;
        for (ExportRecord export : exports) {
            Path files =
                    log.resolve(
                            ExportLog.nameOf(export.sequence(), export.kind(), export.version()));
            if (export.kind() == ExportKind.FULL) {
                audience = new TreeSet<>(madids(files.resolve("members.csv")));
            } else {
                audience.addAll(madids(files.resolve("add.csv")));
                List<String> removed = madids(files.resolve("remove.csv"));
                removedByADelta |= removed.contains(GONE);
                audience.removeAll(removed);
            }
        }
        assertThat(exports).first().extracting(ExportRecord::kind).isEqualTo(ExportKind.FULL);
        ExportRecord first = exports.get(0);
        assertThat(
                        madids(
                                log.resolve(
                                                ExportLog.nameOf(
                                                        first.sequence(),
                                                        first.kind(),
                                                        first.version()))
                                        .resolve("members.csv")))
                .contains(GONE);
        assertThat(removedByADelta).isTrue();
        assertThat(audience).doesNotContain(GONE).contains(maid(1));
    }

    private <T extends org.apache.avro.specific.SpecificRecordBase> List<T> decoded(
            String topic, Class<T> type) throws Exception {
        SingleObjectCodec<T> codec = new SingleObjectCodec<>(type);
        List<T> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.readCommitted(topic)) {
            records.add(codec.decode(record.value()));
        }
        return records;
    }

    /** Six fans follow c1, four of them c2; the fan who asks to be forgotten likes c2 after it. */
    private static List<Map.Entry<byte[], byte[]>> interactions() {
        SingleObjectCodec<InteractionEvent> codec = new SingleObjectCodec<>(InteractionEvent.class);
        List<Map.Entry<byte[], byte[]>> events = new ArrayList<>();
        for (int fan = 0; fan < 6; fan++) {
            Instant at = START.plus(Duration.ofHours(fan));
            events.add(event(codec, "follow-c1-" + fan, "c1", fan, InteractionType.FOLLOW, at));
            if (fan < 4) {
                events.add(event(codec, "follow-c2-" + fan, "c2", fan, InteractionType.FOLLOW, at));
            }
        }
        events.add(
                event(
                        codec,
                        "like-after",
                        "c2",
                        0,
                        InteractionType.LIKE,
                        REQUESTED.plusSeconds(60)));
        // Moves event time a day on, past the versions after the request.
        events.add(
                event(
                        codec,
                        "later",
                        "c1",
                        5,
                        InteractionType.LIKE,
                        START.plus(Duration.ofHours(48))));
        return events;
    }

    private static Map.Entry<byte[], byte[]> request() {
        ErasureRequest request =
                ErasureRequest.newBuilder()
                        .setRequestId("forget-me")
                        .setFanId(GONE)
                        .setCreatorId(null)
                        .setEventTime(REQUESTED)
                        .build();
        return Map.entry(
                GONE.getBytes(StandardCharsets.UTF_8),
                new SingleObjectCodec<>(ErasureRequest.class).encode(request));
    }

    private static Map.Entry<byte[], byte[]> event(
            SingleObjectCodec<InteractionEvent> codec,
            String id,
            String creator,
            int fan,
            InteractionType type,
            Instant at) {
        InteractionEvent event =
                InteractionEvent.newBuilder()
                        .setEventId(id)
                        .setCreatorId(creator)
                        .setFanId(maid(fan))
                        .setType(type)
                        .setEventTime(at)
                        .build();
        return Map.entry(creator.getBytes(StandardCharsets.UTF_8), codec.encode(event));
    }
}
