package io.fanscore.packageformat;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemberDiffTest {

    @Test
    void netAddsAndRemovesSortedById() throws IOException {
        assertThat(diff("a\nb\nd\n", "b\nc\nd\ne\n")).isEqualTo("-a\n+c\n+e\n");
        assertThat(diff("", "x\ny\n")).isEqualTo("+x\n+y\n");
        assertThat(diff("x\ny\n", "")).isEqualTo("-x\n-y\n");
        assertThat(diff("x\n", "x\n")).isEmpty();
    }

    @Test
    void idsCompareByTheirBytesNotAsSignedBytesOrChars() throws IOException {
        // "z" (0x7a) sorts before "é" (0xc3 0xa9) by unsigned bytes, as the job sorts them.
        assertThat(diff("z\né\n", "é\n")).isEqualTo("-z\n");
        assertThat(diff("z\n", "z\né\n")).isEqualTo("+é\n");
    }

    @Test
    void refusesLinesWithoutTheirNewline() {
        assertThatThrownBy(() -> diff("a\nb", "a\n"))
                .isInstanceOf(IdLineReader.MalformedLinesException.class);
        assertThatThrownBy(() -> diff("a\n\nb\n", "a\n"))
                .isInstanceOf(IdLineReader.MalformedLinesException.class);
        assertThatThrownBy(() -> diff("x".repeat(IdLineReader.MAX_LINE_BYTES + 1) + "\n", ""))
                .isInstanceOf(IdLineReader.MalformedLinesException.class);
    }

    private static String diff(String from, String to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MemberDiff.between(
                stream(from),
                stream(to),
                (joined, id) -> {
                    out.write(joined ? '+' : '-');
                    out.write(id);
                    out.write('\n');
                });
        return out.toString(StandardCharsets.UTF_8);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
