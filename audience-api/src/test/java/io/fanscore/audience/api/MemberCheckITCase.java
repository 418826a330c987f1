package io.fanscore.audience.api;

import io.fanscore.audience.testutils.PackageTreeFixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /v1/packages/{id}/members/{member_id}} over real HTTP. */
class MemberCheckITCase {

    private static final String PACKAGE = "club-devoted";
    private static final String GROWING = "club-growing";
    private static final String RAW_PACKAGE = "club-raw";
    private static final String SMALL_PACKAGE = "club-small";
    private static final String NOT_YET_WRITTEN = "club-new";
    private static final String OTHER_PACKAGE = "rival-devoted";
    private static final int MIN_SIZE = 50;

    private static final String FULL_TOKEN = AccessToken.generate();
    private static final String LIMITED_TOKEN = AccessToken.generate();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> MEMBERS = PackageTreeFixture.sha256Ids("salt", 0, 200);
    private static final String NON_MEMBER = PackageTreeFixture.sha256Ids("salt", 200, 1).get(0);

    @TempDir static Path root;
    private static PackageTreeFixture fixture;
    private static TestServer api;

    @BeforeAll
    static void writePackagesAndStart() {
        fixture = new PackageTreeFixture(root);
        fixture.write(PACKAGE, 1, PackageTreeFixture.sha256Ids("salt", 0, 60), MIN_SIZE, "sha256");
        fixture.write(PACKAGE, 2, MEMBERS, MIN_SIZE, "sha256");
        fixture.write(GROWING, 1, PackageTreeFixture.sha256Ids("g", 0, 60), MIN_SIZE, "sha256");
        fixture.write(RAW_PACKAGE, 1, List.of("fan-1", "fan-100", "fan-2"), 1, "raw");
        fixture.write(
                SMALL_PACKAGE, 1, PackageTreeFixture.sha256Ids("s", 0, 3), MIN_SIZE, "sha256");
        fixture.write(OTHER_PACKAGE, 1, MEMBERS, MIN_SIZE, "sha256");
        api =
                TestServer.start(
                        root,
                        ServerLimits.DEFAULTS,
                        TestServer.grant(
                                "full",
                                FULL_TOKEN,
                                List.of(
                                        PACKAGE,
                                        GROWING,
                                        RAW_PACKAGE,
                                        SMALL_PACKAGE,
                                        NOT_YET_WRITTEN),
                                List.of(RAW_PACKAGE)),
                        TestServer.grant(
                                "limited",
                                LIMITED_TOKEN,
                                List.of(PACKAGE, RAW_PACKAGE),
                                List.of()));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aMemberOfTheLatestVersionIsOne() throws Exception {
        // Among the members of version 2 only, so version 1 would have said no.
        String member = MEMBERS.get(150);
        HttpResponse<byte[]> response = check(PACKAGE, member, FULL_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/json");
        assertThat(response.headers().firstValue(PackageRoutes.VERSION_HEADER)).hasValue("2");
        assertThat(response.headers().firstValue("Cache-Control").orElseThrow())
                .contains("no-cache");
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("package_id").asText()).isEqualTo(PACKAGE);
        assertThat(answer.path("version").asInt()).isEqualTo(2);
        assertThat(answer.path("member_id").asText()).isEqualTo(member);
        assertThat(answer.path("member").isBoolean()).isTrue();
        assertThat(answer.path("member").asBoolean()).isTrue();
        assertThat(answer.path("status").asText()).isEqualTo("PUBLISHED");
        for (String each : MEMBERS) {
            assertThat(isMember(PACKAGE, each, FULL_TOKEN)).as(each).isTrue();
        }
        assertThat(isMember(PACKAGE, member, LIMITED_TOKEN)).isTrue();
    }

    @Test
    void anIdThatIsNotAMemberIsNot() throws Exception {
        HttpResponse<byte[]> response = check(PACKAGE, NON_MEMBER, FULL_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("member").isBoolean()).isTrue();
        assertThat(answer.path("member").asBoolean()).isFalse();
        assertThat(answer.path("version").asInt()).isEqualTo(2);
        for (String other : PackageTreeFixture.sha256Ids("other-salt", 0, 50)) {
            assertThat(isMember(PACKAGE, other, FULL_TOKEN)).as(other).isFalse();
        }
    }

    @Test
    void onlyTheExactRawIdIsAnswered() throws Exception {
        assertThat(isMember(RAW_PACKAGE, "fan-1", FULL_TOKEN)).isTrue();
        assertThat(isMember(RAW_PACKAGE, "fan-100", FULL_TOKEN)).isTrue();
        assertThat(isMember(RAW_PACKAGE, "fan-10", FULL_TOKEN)).isFalse();
        assertThat(isMember(RAW_PACKAGE, "fan-", FULL_TOKEN)).isFalse();
        assertThat(isMember(RAW_PACKAGE, "fan-*", FULL_TOKEN)).isFalse();
        assertThat(isMember(RAW_PACKAGE, "fan-1000", FULL_TOKEN)).isFalse();
        assertThat(isMember(RAW_PACKAGE, "a".repeat(MemberIdParameter.MAX_LENGTH), FULL_TOKEN))
                .isFalse();
    }

    @Test
    void aNewlyPublishedVersionIsAnsweredWithoutARestart() throws Exception {
        String stays = PackageTreeFixture.sha256Ids("g", 40, 1).get(0);
        String leaves = PackageTreeFixture.sha256Ids("g", 10, 1).get(0);
        String joins = PackageTreeFixture.sha256Ids("g", 80, 1).get(0);
        assertThat(isMember(GROWING, stays, FULL_TOKEN)).isTrue();
        assertThat(isMember(GROWING, leaves, FULL_TOKEN)).isTrue();
        assertThat(isMember(GROWING, joins, FULL_TOKEN)).isFalse();

        fixture.write(GROWING, 2, PackageTreeFixture.sha256Ids("g", 30, 70), MIN_SIZE, "sha256");

        HttpResponse<byte[]> after = check(GROWING, joins, FULL_TOKEN);
        assertThat(JSON.readTree(after.body()).path("version").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(after.body()).path("member").asBoolean()).isTrue();
        assertThat(isMember(GROWING, stays, FULL_TOKEN)).isTrue();
        assertThat(isMember(GROWING, leaves, FULL_TOKEN)).isFalse();
    }

    @Test
    void aVersionBelowMinSizeHasNoMembersToConfirm() throws Exception {
        String withheld = PackageTreeFixture.sha256Ids("s", 0, 1).get(0);
        HttpResponse<byte[]> response = check(SMALL_PACKAGE, withheld, FULL_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("member").asBoolean()).isFalse();
        assertThat(answer.path("status").asText()).isEqualTo("BELOW_MIN_SIZE");
    }

    @Test
    void withoutAValidTokenTheCheckIs401() throws Exception {
        HttpResponse<byte[]> none = check(PACKAGE, MEMBERS.get(0), null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"fanscore-audience\"");
        assertThat(JSON.readTree(none.body()).path("error").asText()).isEqualTo("unauthorized");
        HttpResponse<byte[]> wrong = check(PACKAGE, MEMBERS.get(0), FULL_TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"");
    }

    @Test
    void aPackageTheTokenMayNotReadIsRefusedAsOnEveryOtherRoute() throws Exception {
        // Granted to no token here, and the id is one of its members: still nothing to tell.
        HttpResponse<byte[]> hidden = check(OTHER_PACKAGE, MEMBERS.get(0), FULL_TOKEN);
        HttpResponse<byte[]> manifest =
                api.get("/v1/packages/" + OTHER_PACKAGE + "/versions/latest", FULL_TOKEN);
        HttpResponse<byte[]> unknown = check("ghost", MEMBERS.get(0), FULL_TOKEN);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(TestServer.text(hidden)).isEqualTo(TestServer.text(manifest));
        assertThat(TestServer.text(hidden).replace(OTHER_PACKAGE, "ghost"))
                .isEqualTo(TestServer.text(unknown));
        // Not granted to this token, while another token may read it.
        HttpResponse<byte[]> notGranted = check(SMALL_PACKAGE, MEMBERS.get(0), LIMITED_TOKEN);
        assertThat(TestServer.text(notGranted).replace(SMALL_PACKAGE, "ghost"))
                .isEqualTo(TestServer.text(unknown));
        // Raw ids are confirmed only to a token allowed to read them, as members are.
        HttpResponse<byte[]> raw = check(RAW_PACKAGE, "fan-1", LIMITED_TOKEN);
        HttpResponse<byte[]> rawMembers =
                api.get("/v1/packages/" + RAW_PACKAGE + "/versions/latest/members", LIMITED_TOKEN);
        assertThat(raw.statusCode()).isEqualTo(403);
        assertThat(TestServer.text(raw)).isEqualTo(TestServer.text(rawMembers));
        assertThat(JSON.readTree(raw.body()).path("error").asText())
                .isEqualTo("raw_ids_not_allowed");
    }

    @Test
    void idsNoMemberFileCanHoldAre400() throws Exception {
        String member = MEMBERS.get(0);
        for (String bad :
                List.of(
                        member.toUpperCase(Locale.ROOT),
                        member.substring(1),
                        member + "0",
                        "fan-1",
                        "z".repeat(64),
                        PackageTreeFixture.sha256Ids("salt", 0, 1).get(0).substring(0, 32))) {
            HttpResponse<byte[]> response = check(PACKAGE, bad, FULL_TOKEN);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("error").asText())
                    .isEqualTo("bad_request");
        }
        String tooLong = "a".repeat(MemberIdParameter.MAX_LENGTH + 1);
        assertThat(check(RAW_PACKAGE, tooLong, FULL_TOKEN).statusCode()).isEqualTo(400);
        assertThat(check(PACKAGE, tooLong, FULL_TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void aGrantedPackageWithoutAVersionYetIs404() throws Exception {
        HttpResponse<byte[]> response = check(NOT_YET_WRITTEN, MEMBERS.get(0), FULL_TOKEN);
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("error").asText()).isEqualTo("no_version_yet");
        assertThat(error.path("message").asText()).contains(NOT_YET_WRITTEN);
        assertThat(TestServer.text(response))
                .isEqualTo(
                        TestServer.text(
                                api.get(
                                        "/v1/packages/" + NOT_YET_WRITTEN + "/versions/latest",
                                        FULL_TOKEN)));
    }

    @Test
    void checksAreCountedUnderTheirRouteTemplate() throws Exception {
        String series =
                "fanscore_audience_api_requests_total{route=\"/v1/packages/{id}/members/{member_id}\",status=\"200\"}";
        double before = api.metric(series);
        assertThat(check(PACKAGE, MEMBERS.get(3), FULL_TOKEN).statusCode()).isEqualTo(200);
        // The request is counted once its response is complete, which may be just after the
        // client has read it.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(api.metric(series)).isGreaterThan(before));
    }

    private static HttpResponse<byte[]> check(String packageId, String memberId, String token)
            throws Exception {
        return api.get("/v1/packages/" + packageId + "/members/" + memberId, token);
    }

    private static boolean isMember(String packageId, String memberId, String token)
            throws Exception {
        HttpResponse<byte[]> response = check(packageId, memberId, token);
        assertThat(response.statusCode()).as("%s in %s", memberId, packageId).isEqualTo(200);
        JsonNode member = JSON.readTree(response.body()).path("member");
        assertThat(member.isBoolean()).isTrue();
        return member.asBoolean();
    }
}
