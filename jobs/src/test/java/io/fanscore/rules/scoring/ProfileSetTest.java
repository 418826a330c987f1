package io.fanscore.rules.scoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Several profiles in one job (SPEC §11): assignments, and the keys they must share. */
class ProfileSetTest {

    private static final ScoringProfile GENERAL = ProfileLoader.load("general");

    @TempDir Path dir;

    @Test
    void assignedCreatorsGetTheirsAndEveryOtherTheDefault() throws Exception {
        Path file = dir.resolve("assignments.yaml");
        Files.writeString(
                file,
                "assignments:\n  shop: local-store\n  cafe: local-store\n"
                        + "  dealer: considered-offline\n");
        ProfileSet profiles = ProfileAssignments.load(GENERAL, file);
        assertThat(profiles.of("shop").name()).isEqualTo("local-store");
        assertThat(profiles.of("cafe")).isSameAs(profiles.of("shop"));
        assertThat(profiles.of("dealer").name()).isEqualTo("considered-offline");
        assertThat(profiles.of("anyone-else")).isSameAs(GENERAL);
        // The ones in use first; then the shipped ones a runtime assignment may also name.
        assertThat(profiles.profiles())
                .extracting(ScoringProfile::name)
                .startsWith("general", "local-store", "considered-offline")
                .containsExactlyInAnyOrderElementsOf(ProfileLoader.BUILT_IN);
        assertThat(profiles.available("considered-online").name()).isEqualTo("considered-online");
        assertThat(profiles.available("no-such-profile")).isNull();
    }

    @Test
    void aShippedProfileThatDoesNotFitTheDefaultIsNotAvailable() {
        ScoringProfile otherZone =
                ProfileLoader.fromYaml(
                        generalYaml()
                                .replace("Asia/Shanghai", "Europe/Berlin")
                                .replace("name: general", "name: berlin"));
        ProfileSet profiles = ProfileSet.single(otherZone);
        assertThat(profiles.available("general")).isNull();
        assertThat(profiles.available(otherZone.name())).isSameAs(otherZone);
    }

    @Test
    void profilesListedAsAvailableAreHeldAndChecked() throws Exception {
        Path custom = dir.resolve("custom.yaml");
        Files.writeString(custom, generalYaml().replace("name: general", "name: custom"));
        Path file = dir.resolve("assignments.yaml");
        Files.writeString(file, "assignments: {}\navailable: [" + custom + "]\n");
        ProfileSet profiles = ProfileAssignments.load(GENERAL, file);
        assertThat(profiles.available("custom")).isNotNull();
        assertThat(profiles.assignments()).isEmpty();
    }

    @Test
    void theShippedProfilesCanAllBeUsedTogether() {
        ProfileSet all =
                ProfileSet.of(
                        GENERAL,
                        Map.of(
                                "a", ProfileLoader.load("fast-moving-online"),
                                "b", ProfileLoader.load("local-store"),
                                "c", ProfileLoader.load("considered-online"),
                                "d", ProfileLoader.load("considered-offline")));
        assertThat(all.profiles()).hasSize(5);
    }

    @Test
    void profilesThatDoNotShareTheRulesOfLevelsAndTiersAreRefusedNamingTheKey() throws Exception {
        String general =
                Files.readString(
                        Path.of(ProfileLoader.class.getResource("/profiles/general.yaml").toURI()));
        assertRefused(
                general.replace("hysteresis_percent: 90", "hysteresis_percent: 80"),
                "'hysteresis_percent'");
        assertRefused(general.replace("time_zone: Asia/Shanghai", "time_zone: UTC"), "'time_zone'");
        assertRefused(
                general.replace("{ from_level: 9, cap: 840 }", "{ from_level: 9, cap: 900 }"),
                "'daily_cap'");
        assertRefused(
                general.replace("DEVOTED:   { from_level: 9 }", "DEVOTED:   { from_level: 8 }"),
                "'tiers'");
        assertRefused(general.replace("[0, 140, 500,", "[0, 150, 500,"), "'levels'");
    }

    private void assertRefused(String yaml, String key) throws Exception {
        Path other = dir.resolve("other-" + Math.abs(yaml.hashCode()) + ".yaml");
        Files.writeString(other, yaml.replace("name: general", "name: other"));
        ScoringProfile profile = ProfileLoader.load(other.toString());
        assertThatThrownBy(() -> ProfileSet.of(GENERAL, Map.of("c", profile)))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("must share " + key)
                .hasMessageContaining("'other' differs from 'general'");
    }

    @Test
    void aBadAssignmentsFileIsRefusedNamingTheKey() throws Exception {
        Path unknownKey = dir.resolve("a.yaml");
        Files.writeString(unknownKey, "assigments:\n  shop: local-store\n");
        assertThatThrownBy(() -> ProfileAssignments.load(GENERAL, unknownKey))
                .hasMessageContaining("'assigments' is not a known key");
        Path emptyName = dir.resolve("b.yaml");
        Files.writeString(emptyName, "assignments:\n  shop: ''\n");
        assertThatThrownBy(() -> ProfileAssignments.load(GENERAL, emptyName))
                .hasMessageContaining("'assignments.shop' is missing");
        Path unknownProfile = dir.resolve("c.yaml");
        Files.writeString(unknownProfile, "assignments:\n  shop: no-such-profile\n");
        assertThatThrownBy(() -> ProfileAssignments.load(GENERAL, unknownProfile))
                .hasMessageContaining("no-such-profile");
    }

    /** The shipped default profile's text, to derive variants from. */
    private static String generalYaml() {
        try (var in = ProfileLoader.class.getResourceAsStream("/profiles/general.yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
