package io.fanscore.rules.scoring;

import io.fanscore.schema.InteractionType;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileLoaderTest {

    @Test
    void generalProfileCarriesTheSpecDefaults() {
        ScoringProfile general = ScoringFixtures.general();
        assertThat(general.name()).isEqualTo("general");
        assertThat(general.clock().zone().getId()).isEqualTo("Asia/Shanghai");
        assertThat(general.pointRule(InteractionType.SHARE))
                .isEqualTo(new PointRule(PointRule.Kind.FIXED, 20, 1, 100));
        assertThat(general.pointRule(InteractionType.VIDEO_VIEW).basePoints(null, null, false))
                .isZero();
        assertThat(general.dailyCap().capFor(8)).isEqualTo(420);
        assertThat(general.dailyCap().capFor(9)).isEqualTo(840);
        assertThat(general.decay()).isEqualTo(new DecayRule(7, 20, 30));
        assertThat(general.duplicateWindowMillis()).isEqualTo(24 * 3_600_000L);
        assertThat(general.limits()).isEqualTo(InputLimits.defaults());
    }

    @Test
    void aMisspelledKeyFailsNamingIt() {
        String yaml = general().replace("hysteresis_percent", "hysteresis_pct");
        assertThatThrownBy(() -> ProfileLoader.fromYaml(yaml))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("'hysteresis_pct' is not a known key");
    }

    @Test
    void aBadValueFailsNamingItsKey() {
        String yaml =
                general()
                        .replace(
                                "SHARE:           { points: 20,  daily_cap: 100 }",
                                "SHARE:           { points: -20,  daily_cap: 100 }");
        assertThatThrownBy(() -> ProfileLoader.fromYaml(yaml))
                .hasMessageContaining("'points.SHARE.points' must be in 0..");
    }

    @Test
    void anUnknownTimeZoneFailsNamingTheKey() {
        String yaml = general().replace("Asia/Shanghai", "Mars/Olympus");
        assertThatThrownBy(() -> ProfileLoader.fromYaml(yaml))
                .hasMessageContaining("'time_zone' 'Mars/Olympus' is not a time zone id");
    }

    @Test
    void aMissingSectionFailsNamingIt() {
        String yaml = general().replaceAll("(?s)decay:\\n  idle_days: 7\\n  per_mille: 20\\n", "");
        assertThatThrownBy(() -> ProfileLoader.fromYaml(yaml))
                .hasMessageContaining("'decay' is missing");
    }

    @Test
    void pushSettingsAreReadAndDefaultToTheSpecWhenAbsent() {
        assertThat(ScoringFixtures.general().pushes()).isEqualTo(PushRule.DEFAULTS);
        assertThat(PushRule.DEFAULTS)
                .isEqualTo(new PushRule(io.fanscore.schema.Tier.CASUAL, 1, 8, 3, 720 * 3_600_000L));
        String withoutPush = general().substring(0, general().indexOf("\n# Subscription pushes"));
        assertThat(ProfileLoader.fromYaml(withoutPush).pushes()).isEqualTo(PushRule.DEFAULTS);
        String twoADay =
                general()
                        .replace("per_creator_per_day: 1 ", "per_creator_per_day: 2 ")
                        .replace("min_tier: CASUAL            #", "min_tier: FAVORABLE         #");
        PushRule rule = ProfileLoader.fromYaml(twoADay).pushes();
        assertThat(rule.perCreatorPerDay()).isEqualTo(2);
        assertThat(rule.minTier()).isEqualTo(io.fanscore.schema.Tier.FAVORABLE);
    }

    @Test
    void aBadPushSettingFailsNamingItsKey() {
        assertThatThrownBy(
                        () ->
                                ProfileLoader.fromYaml(
                                        general()
                                                .replace(
                                                        "per_fan_per_day: 3",
                                                        "per_fan_per_day: -1")))
                .hasMessageContaining("'push.per_fan_per_day' must be in 0..");
        assertThatThrownBy(
                        () ->
                                ProfileLoader.fromYaml(
                                        general().replace("push_id_memory:", "push_id_memmory:")))
                .hasMessageContaining("'push.push_id_memmory' is not a known key");
        assertThatThrownBy(
                        () ->
                                ProfileLoader.fromYaml(
                                        general()
                                                .replace(
                                                        "min_tier: CASUAL            #",
                                                        "min_tier: NONE              #")))
                .hasMessageContaining(
                        "'push.min_tier' must be POTENTIAL, CASUAL, FAVORABLE or DEVOTED");
    }

    private static String general() {
        try (InputStream in = ProfileLoader.class.getResourceAsStream("/profiles/general.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
