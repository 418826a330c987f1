package io.fanscore.audience.api;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Finds the grant of an {@code Authorization: Bearer} header. The token is hashed and compared with
 * every configured hash in constant time, without stopping at a match, so timing tells nothing
 * about which or how many hashes are close.
 */
final class BearerAuthenticator {

    private static final String SCHEME = "bearer ";

    /** Generated tokens are 47 characters; anything much longer is not one of ours. */
    private static final int MAX_TOKEN_LENGTH = 512;

    private final List<TokenGrant> grants;

    BearerAuthenticator(List<TokenGrant> grants) {
        this.grants = List.copyOf(grants);
    }

    Optional<TokenGrant> authenticate(String authorization) {
        if (authorization == null
                || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        byte[] presented = AccessToken.sha256(token);
        TokenGrant match = null;
        for (TokenGrant grant : grants) {
            if (MessageDigest.isEqual(presented, grant.tokenSha256())) {
                match = grant;
            }
        }
        return Optional.ofNullable(match);
    }
}
