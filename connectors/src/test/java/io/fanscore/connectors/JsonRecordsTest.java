package io.fanscore.connectors;

import io.fanscore.connectors.json.JsonRecords;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.SourceDomain;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;
import io.fanscore.state.PairState;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRecordsTest {

    @Test
    void mapsAndArraysAreJsonObjectsAndArraysBothWays() {
        PairState state =
                PairState.newBuilder()
                        .setDay(20_458)
                        .setLastInteractionDay(20_458)
                        .setTypePointsToday(Map.of("LIKE", 30, "SHARE", 20))
                        .setRewardedOnce(List.of("FOLLOW"))
                        .setTier(Tier.CASUAL)
                        .build();

        String json = JsonRecords.toJson(state);

        assertThat(json)
                .contains("\"type_points_today\":{")
                .contains("\"rewarded_once\":[\"FOLLOW\"]");
        assertThat(JsonRecords.fromJson(json, PairState.class)).isEqualTo(state);
    }

    @Test
    void readsSpecFieldNamesWithEpochOrIsoTimes() {
        InteractionEvent gift =
                JsonRecords.fromJson(
                        "{\"event_id\":\"e1\",\"creator_id\":\"c\",\"fan_id\":\"f\",\"type\":\"GIFT\","
                                + "\"event_time\":\"2026-01-05T04:00:00Z\",\"amount_cents\":500,"
                                + "\"source_domain\":\"PRIVATE\"}",
                        InteractionEvent.class);
        assertThat(gift.getType()).isEqualTo(InteractionType.GIFT);
        assertThat(gift.getEventTime()).isEqualTo(Instant.parse("2026-01-05T04:00:00Z"));
        assertThat(gift.getAmountCents()).isEqualTo(500L);
        assertThat(gift.getWatchSeconds()).isNull();
        assertThat(gift.getSourceDomain()).isEqualTo(SourceDomain.PRIVATE);

        InteractionEvent epoch =
                JsonRecords.fromJson("{\"event_time\":1767585600000}", InteractionEvent.class);
        assertThat(epoch.getEventTime().toEpochMilli()).isEqualTo(1_767_585_600_000L);
        assertThat(epoch.getEventId()).isNull();
        assertThat(
                        JsonRecords.fromJson(
                                        "{\"event_time\":\"1767585600000\"}",
                                        InteractionEvent.class)
                                .getEventTime())
                .isEqualTo(epoch.getEventTime());
        assertThat(
                        JsonRecords.fromJson(
                                        "{\"event_time\":\"2026-01-05T12:00:00+08:00\"}",
                                        InteractionEvent.class)
                                .getEventTime())
                .isEqualTo(epoch.getEventTime());
    }

    @Test
    void readsAPushWithAndWithoutItsOptionalFields() {
        CreatorPush push =
                JsonRecords.fromJson(
                        "{\"push_id\": \"p1\", \"creator_id\": \"c1\", \"event_time\":"
                                + " \"2026-03-02T12:00:00Z\", \"title\": \"new arrivals\","
                                + " \"min_tier\": \"FAVORABLE\"}",
                        CreatorPush.class);
        assertThat(push.getMinTier()).isEqualTo(Tier.FAVORABLE);
        assertThat(push.getTitle()).isEqualTo("new arrivals");
        CreatorPush bare =
                JsonRecords.fromJson(
                        "{\"push_id\":\"p2\",\"creator_id\":\"c1\",\"event_time\":0}",
                        CreatorPush.class);
        assertThat(bare.getMinTier()).isNull();
        assertThat(JsonRecords.fromJson(JsonRecords.toJson(push), CreatorPush.class))
                .isEqualTo(push);
    }

    @Test
    void anUnknownTypeBecomesUnknownForTheJobToDeadLetter() {
        InteractionEvent event =
                JsonRecords.fromJson("{\"type\":\"SUPER_LIKE\"}", InteractionEvent.class);
        assertThat(event.getType()).isEqualTo(InteractionType.UNKNOWN);
    }

    @Test
    void writesSpecFieldNamesAndRoundTrips() {
        TierChange change =
                TierChange.newBuilder()
                        .setChangeId("id")
                        .setCreatorId("c")
                        .setFanId("f")
                        .setFromTier(Tier.NONE)
                        .setToTier(Tier.CASUAL)
                        .setIntimacy(420)
                        .setLevel(2)
                        .setEventTime(Instant.ofEpochMilli(1000))
                        .setCause("e1")
                        .build();
        String json = JsonRecords.toJson(change);
        assertThat(json)
                .isEqualTo(
                        "{\"change_id\":\"id\",\"creator_id\":\"c\",\"fan_id\":\"f\",\"from_tier\":\"NONE\","
                                + "\"to_tier\":\"CASUAL\",\"intimacy\":420,\"level\":2,\"event_time\":1000,\"cause\":\"e1\"}");
        assertThat(JsonRecords.fromJson(json, TierChange.class)).isEqualTo(change);
    }

    @Test
    void aMissingRequiredFieldIsRejected() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"change_id\":\"x\"}", TierChange.class))
                .hasMessageContaining("missing field creator_id");
    }
}
