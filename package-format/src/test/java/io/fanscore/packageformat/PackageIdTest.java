package io.fanscore.packageformat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageIdTest {

    @Test
    void acceptsOnlySinglePlainSegments() {
        assertThat(PackageId.isValid("acme-devoted")).isTrue();
        assertThat(PackageId.isValid("a")).isTrue();
        assertThat(PackageId.isValid("A1.b_c-d")).isTrue();
        assertThat(PackageId.isValid("a..b")).isTrue();
        assertThat(PackageId.isValid("a".repeat(128))).isTrue();
        for (String bad :
                new String[] {
                    null,
                    "",
                    "..",
                    ".",
                    ".staging",
                    "-a",
                    "_a",
                    "a/b",
                    "a\\b",
                    "a b",
                    "a%2Fb",
                    "a\0",
                    "é",
                    "a".repeat(129)
                }) {
            assertThat(PackageId.isValid(bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThatThrownBy(() -> new PackageId("../x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
