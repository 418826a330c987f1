package io.fanscore.cli.testutils;

/** Audience API configurations for the end-to-end tests. */
public final class AudienceApiConfigs {

    private AudienceApiConfigs() {}

    /** On loopback, any free port, one token (by its SHA-256) granted {@code packageId}. */
    public static String oneToken(String tokenSha256, String packageId) {
        return "host: 127.0.0.1\nport: 0\ntokens:\n  - name: e2e\n    sha256: "
                + tokenSha256
                + "\n    packages: ["
                + packageId
                + "]\n";
    }
}
