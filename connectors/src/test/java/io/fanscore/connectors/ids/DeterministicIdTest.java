package io.fanscore.connectors.ids;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DeterministicIdTest {

    private final DeterministicId ids = new DeterministicId();

    @Test
    void idsOfEarlierReleasesStayTheSame() {
        // Published ids: notifications, changes and deltas already out must keep theirs.
        assertThat(ids.of("live-1", "fan")).isEqualTo("c6c0835c3415bbd90c4cb6550c8c4bd4");
        assertThat(ids.of("直播", "🎉", "")).isEqualTo("b14add6baf1a96042823c3f9ceb3fb82");
    }

    @Test
    void isTheFirst128BitsOfSha256OverLengthPrefixedParts() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            String[] parts = new String[1 + random.nextInt(4)];
            for (int p = 0; p < parts.length; p++) {
                parts[p] = random.nextInt(5) == 0 ? "" : "p" + Long.toString(random.nextLong(), 36);
            }
            assertThat(ids.of(parts)).isEqualTo(reference(parts));
        }
        assertThat(ids.of("ab", "c")).isNotEqualTo(ids.of("a", "bc"));
    }

    private static String reference(String... parts) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (String part : parts) {
            byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
