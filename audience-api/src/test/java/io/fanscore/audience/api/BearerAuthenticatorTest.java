package io.fanscore.audience.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BearerAuthenticatorTest {

    private final String first = AccessToken.generate();
    private final String second = AccessToken.generate();
    private final BearerAuthenticator authenticator =
            new BearerAuthenticator(
                    List.of(
                            TestServer.grant("first", first, List.of("a"), List.of()),
                            TestServer.grant("second", second, List.of("b"), List.of())));

    @Test
    void aConfiguredTokenFindsItsGrant() {
        assertThat(authenticator.authenticate("Bearer " + first))
                .get()
                .extracting(TokenGrant::name)
                .isEqualTo("first");
        assertThat(authenticator.authenticate("bearer " + second))
                .get()
                .extracting(TokenGrant::name)
                .isEqualTo("second");
    }

    @Test
    void anythingElseFindsNone() {
        for (String header :
                new String[] {
                    null,
                    "",
                    "Bearer",
                    "Bearer ",
                    "Basic " + first,
                    first,
                    "Bearer " + first + "x",
                    "Bearer " + first.substring(1),
                    "Bearer " + "a".repeat(600)
                }) {
            assertThat(authenticator.authenticate(header)).as(String.valueOf(header)).isEmpty();
        }
    }

    @Test
    void generatedTokensAreRandomAndOnlyTheirHashIsConfigured() {
        assertThat(first).startsWith("fsa_").hasSize(47).isNotEqualTo(second);
        assertThat(AccessToken.sha256Hex(first)).matches("[0-9a-f]{64}");
        assertThat(AccessToken.configEntry("dsp", first, List.of()))
                .doesNotContain(first)
                .contains(AccessToken.sha256Hex(first));
    }
}
