package io.fanscore.packageformat;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeChainTest {

    /** Ids in the job's order: by their UTF-8 bytes, unsigned. */
    private static final Comparator<String> BY_BYTES =
            (a, b) ->
                    Arrays.compareUnsigned(
                            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    @Test
    void anIdThatJoinedAndLeftAgainInTheSpanIsNoChange() throws IOException {
        assertThat(chain("+a\n+b\n", "-a\n+c\n", "-c\n+d\n")).isEqualTo("+b\n+d\n");
        assertThat(chain("-x\n", "+x\n")).isEmpty();
        assertThat(chain("-x\n", "+x\n", "-x\n")).isEqualTo("-x\n");
        assertThat(chain("", "")).isEmpty();
        assertThat(chain("+z\n", "+é\n")).isEqualTo("+z\n+é\n");
    }

    @Test
    void overAnySpanItEqualsTheDiffOfTheTwoSnapshots() throws IOException {
        Random random = new Random(7);
        List<String> universe = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            universe.add(i % 7 == 0 ? "é" + i : "f" + i);
        }
        List<String> snapshots = new ArrayList<>();
        TreeSet<String> members = new TreeSet<>(BY_BYTES);
        snapshots.add("");
        for (int v = 1; v <= 12; v++) {
            for (String id : universe) {
                if (random.nextInt(4) == 0 && !members.remove(id)) {
                    members.add(id);
                }
            }
            if (v == 6) {
                members.clear(); // a version below its minimum size lists nobody
            }
            snapshots.add(text(members));
        }
        List<String> changes = new ArrayList<>();
        changes.add("");
        for (int v = 1; v < snapshots.size(); v++) {
            changes.add(diff(snapshots.get(v - 1), snapshots.get(v)));
        }
        for (int since = 0; since < snapshots.size(); since++) {
            for (int until = since + 1; until < snapshots.size(); until++) {
                assertThat(chain(changes.subList(since + 1, until + 1).toArray(String[]::new)))
                        .as("changes %d → %d", since, until)
                        .isEqualTo(diff(snapshots.get(since), snapshots.get(until)));
            }
        }
    }

    @Test
    void refusesALineWithoutASign() {
        assertThatThrownBy(() -> chain("a\n")).isInstanceOf(IOException.class);
    }

    private static String text(TreeSet<String> members) {
        StringBuilder text = new StringBuilder();
        members.forEach(id -> text.append(id).append('\n'));
        return text.toString();
    }

    private static String chain(String... changesFiles) throws IOException {
        List<InputStream> files = new ArrayList<>();
        for (String file : changesFiles) {
            files.add(stream(file));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChangeChain.merge(files, (joined, id) -> line(out, joined, id));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String diff(String from, String to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MemberDiff.between(stream(from), stream(to), (joined, id) -> line(out, joined, id));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void line(ByteArrayOutputStream out, boolean joined, byte[] id)
            throws IOException {
        out.write(joined ? '+' : '-');
        out.write(id);
        out.write('\n');
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
