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

    private static String general() {
        try (InputStream in = ProfileLoader.class.getResourceAsStream("/profiles/general.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
