package io.fanscore.audience.api;

import io.fanscore.packageformat.PackageId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudienceApiConfigTest {

    @TempDir Path dir;

    @Test
    void theShippedFileLoadsWithLoopbackAndNoTokens() {
        AudienceApiConfig config =
                AudienceApiConfig.load(Path.of("..", "flink-conf", "audience-api.yaml"));
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8090);
        assertThat(config.tokens()).isEmpty();
        assertThat(config.packagesPath()).isEmpty();
        assertThat(config.limits()).isEqualTo(ServerLimits.DEFAULTS);
    }

    @Test
    void aTokenEntryAsTheTokenCommandPrintsItLoads() throws IOException {
        String token = AccessToken.generate();
        AudienceApiConfig config =
                load(
                        "packages_path: pk\nlimits:\n  max_threads: 16\ntokens:\n"
                                + AccessToken.configEntry(
                                        "dsp",
                                        token,
                                        List.of(new PackageId("a"), new PackageId("b"))));
        assertThat(config.limits().maxThreads()).isEqualTo(16);
        assertThat(config.limits().idleTimeoutMs())
                .isEqualTo(ServerLimits.DEFAULTS.idleTimeoutMs());
        assertThat(config.limits().memberCheckCachePackages()).isEqualTo(16);
        assertThat(config.packagesPath()).contains(dir.resolve("pk").toAbsolutePath());
        assertThat(config.grantedPackages())
                .containsExactly(new PackageId("a"), new PackageId("b"));
        assertThat(new BearerAuthenticator(config.tokens()).authenticate("Bearer " + token))
                .isPresent();
    }

    @Test
    void theMemberCheckCacheSizeIsALimit() throws IOException {
        ServerLimits limits = load("limits:\n  member_check_cache_packages: 3\n").limits();
        assertThat(limits.memberCheckCachePackages()).isEqualTo(3);
        assertThat(limits.maxThreads()).isEqualTo(ServerLimits.DEFAULTS.maxThreads());
        assertThatThrownBy(() -> load("limits:\n  member_check_cache_packages: 0\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.member_check_cache_packages");
    }

    @Test
    void mistakesAreNamedByTheirKey() {
        String sha = "a".repeat(64);
        assertThatThrownBy(() -> load("tokens:\n  - name: x\n    sha256: ABC\n    packages: [a]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tokens[0].sha256");
        assertThatThrownBy(
                        () ->
                                load(
                                        "tokens:\n  - name: x\n    sha256: "
                                                + sha
                                                + "\n    packages: [../a]\n"))
                .hasMessageContaining("tokens[0].packages");
        assertThatThrownBy(
                        () ->
                                load(
                                        "tokens:\n  - name: x\n    sha256: "
                                                + sha
                                                + "\n    packages: [a]\n    raw_id_packages: [b]\n"))
                .hasMessageContaining("raw_id_packages");
        assertThatThrownBy(
                        () ->
                                load(
                                        "tokens:\n  - {name: x, sha256: "
                                                + sha
                                                + "}\n  - {name: x, sha256: "
                                                + sha
                                                + "}\n"))
                .hasMessageContaining("repeats");
        assertThatThrownBy(() -> load("prot: 80\n")).hasMessageContaining("prot");
        assertThatThrownBy(() -> load("limits:\n  max_threads: 2\n"))
                .hasMessageContaining("limits.max_threads");
        assertThatThrownBy(() -> load("port: 70000\n")).hasMessageContaining("port");
    }

    private AudienceApiConfig load(String yaml) throws IOException {
        Path file = dir.resolve("audience-api.yaml");
        Files.writeString(file, yaml);
        return AudienceApiConfig.load(file);
    }
}
