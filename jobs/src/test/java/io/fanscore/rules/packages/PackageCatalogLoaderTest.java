package io.fanscore.rules.packages;

import io.fanscore.packageformat.IdFormat;
import io.fanscore.schema.Tier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageCatalogLoaderTest {

    private static final Map<String, String> SALTS = Map.of("acme-2026", "pepper");

    @Test
    void readsDefinitionsWithDefaults() {
        PackageCatalog catalog =
                PackageCatalogLoader.parse(
                        """
                        version_interval: 30m
                        default_min_size: 50
                        packages:
                          - package_id: acme.fans
                            creator_id: acme
                            min_tier: FAVORABLE
                            salt_ref: acme-2026
                          - package_id: acme-casual-only
                            creator_id: acme
                            tiers: [casual]
                            min_level: 3
                            following_required: true
                            id_format: md5
                            salt_ref: ACME_2026
                            min_size: 7
                        """,
                        SALTS,
                        "test.yaml");

        assertThat(catalog.versionInterval()).isEqualTo(Duration.ofMinutes(30));
        PackageDefinition fans = catalog.find("acme.fans").orElseThrow();
        assertThat(fans.tiers()).containsExactlyInAnyOrder(Tier.FAVORABLE, Tier.DEVOTED);
        assertThat(fans.idFormat()).isEqualTo(IdFormat.SHA256);
        assertThat(fans.minSize()).isEqualTo(50);
        PackageDefinition casual = catalog.find("acme-casual-only").orElseThrow();
        assertThat(casual.admits(Tier.CASUAL, 3, 0L, false, 0L)).isTrue();
        assertThat(casual.admits(Tier.CASUAL, 2, 0L, false, 0L)).isFalse();
        assertThat(casual.admits(Tier.CASUAL, 3, null, false, 0L)).isFalse();
        assertThat(casual.admits(Tier.FAVORABLE, 3, 0L, false, 0L)).isFalse();
        // Salt names match like environment variable names.
        assertThat(catalog.memberId(casual, "fan-1"))
                .isEqualTo(IdFormat.MD5.memberId("pepper", "fan-1"));
    }

    @Test
    void readsFanGroupEntryRulesAndAPackagesOwnInterval() {
        PackageCatalog catalog =
                PackageCatalogLoader.parse(
                        """
                        packages:
                          - package_id: acme-group
                            creator_id: acme
                            min_tier: POTENTIAL
                            min_level: 9
                            min_follow_days: 30
                            fan_club_required: true
                            version_interval: 1m
                            salt_ref: acme-2026
                          - package_id: acme-all
                            creator_id: acme
                            min_tier: POTENTIAL
                            salt_ref: acme-2026
                        """,
                        SALTS,
                        "test.yaml");
        PackageDefinition group = catalog.find("acme-group").orElseThrow();
        assertThat(group.minFollowDays()).isEqualTo(30);
        assertThat(group.fanClubRequired()).isTrue();
        assertThat(catalog.scheduleOf(group).intervalMillis()).isEqualTo(60_000);
        PackageDefinition all = catalog.find("acme-all").orElseThrow();
        assertThat(all.minFollowDays()).isEqualTo(PackageDefinition.NO_FOLLOW_DAYS);
        assertThat(catalog.scheduleOf(all).intervalMillis()).isEqualTo(3_600_000);
        assertThat(catalog.finestVersionInterval()).isEqualTo(Duration.ofMinutes(1));
        // A runtime control carries the same rules.
        assertThat(PackageControls.definitionOf(PackageControls.upsert(group))).isEqualTo(group);
        assertThat(PackageControls.definitionOf(PackageControls.upsert(all))).isEqualTo(all);

        assertThatThrownBy(
                        () ->
                                PackageCatalogLoader.parse(
                                        """
                                        packages:
                                          - package_id: bad
                                            creator_id: acme
                                            min_tier: CASUAL
                                            min_follow_days: -2
                                            salt_ref: acme-2026
                                        """,
                                        SALTS,
                                        "test.yaml"))
                .hasMessageContaining("package 'bad'")
                .hasMessageContaining("min_follow_days");
    }

    @Test
    void keepsAWeekOfHourlyVersionsUnlessToldOtherwise() {
        assertThat(parse("").keepVersions()).isEqualTo(PackageCatalog.DEFAULT_KEEP_VERSIONS);
        assertThat(
                        PackageCatalogLoader.parse("keep_versions: 24\n", SALTS, "test.yaml")
                                .keepVersions())
                .isEqualTo(24);
        assertThatThrownBy(
                        () -> PackageCatalogLoader.parse("keep_versions: 1\n", SALTS, "test.yaml"))
                .hasMessageContaining("test.yaml")
                .hasMessageContaining("keep_versions");
    }

    @Test
    void hashesAreLowercaseHexOfSaltThenFanId() {
        assertThat(IdFormat.SHA256.memberId("salt", "fan"))
                .isEqualTo(IdFormat.SHA256.memberId("", "saltfan"));
        assertThat(IdFormat.SHA256.memberId("", "abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(IdFormat.MD5.memberId("", "abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(IdFormat.RAW.memberId("ignored", "fan-1")).isEqualTo("fan-1");
    }

    @Test
    void rejectsWhatCannotBePublishedNamingPackageAndKey() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        "  - {package_id: p, creator_id: c, min_tier: CASUAL, salt_ref: acme-2026, colour: red}"))
                .hasMessageContaining("package 'p'")
                .hasMessageContaining("'colour'");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "  - {package_id: p, creator_id: c, min_tier: CASUAL, salt_ref: nope}"))
                .hasMessageContaining("salt 'nope'");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "  - {package_id: p, creator_id: c, min_tier: CASUAL, id_format: raw}"))
                .hasMessageContaining("allow_raw");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "  - {package_id: ../etc, creator_id: c, min_tier: CASUAL, salt_ref: acme-2026}"))
                .hasMessageContaining("package_id");
        assertThatThrownBy(() -> parse("  - {package_id: p, creator_id: c, salt_ref: acme-2026}"))
                .hasMessageContaining("'min_tier' and 'tiers'");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "  - {package_id: p, creator_id: c, min_tier: NONE, salt_ref: acme-2026}"))
                .hasMessageContaining("'min_tier'");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "  - {package_id: p, creator_id: c, min_tier: CASUAL, salt_ref: acme-2026}\n"
                                                + "  - {package_id: p, creator_id: d, min_tier: CASUAL, salt_ref: acme-2026}"))
                .hasMessageContaining("defined twice");
    }

    @Test
    void saltsComeFromTheFileAndTheEnvironmentWhichWins(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("salts.properties");
        java.nio.file.Files.writeString(file, "acme-2026=from-file\nother=x\n");
        Map<String, String> salts =
                PackageCatalogLoader.salts(file, Map.of("FANSCORE_SALT_ACME_2026", "from-env"));
        assertThat(salts).containsEntry("ACME_2026", "from-env").containsEntry("OTHER", "x");
    }

    private static PackageCatalog parse(String packages) {
        return PackageCatalogLoader.parse("packages:\n" + packages + "\n", SALTS, "test.yaml");
    }
}
