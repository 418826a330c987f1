package io.fanscore.packageformat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The net change over consecutive versions v+1..u from their own changes files, in id order: a
 * k-way merge of the sorted files, so it costs what changed, not the size of the package, and
 * memory holds one line per file.
 *
 * <p>Between published snapshots an id's changes alternate (it can only join if it was out, and
 * leave if it was in), so over the span its net change is its first change if its last change is
 * the same, and nothing otherwise. The result is exactly {@link MemberDiff} of the snapshots of v
 * and u.
 */
public final class ChangeChain {

    /** One changes file's next line: its sign and id, and which version it belongs to. */
    private static final class Cursor {
        final IdLineReader lines;
        final int version;
        byte[] line;

        Cursor(InputStream in, int version) throws IOException {
            this.lines = new IdLineReader(in);
            this.version = version;
            advance();
        }

        void advance() throws IOException {
            line = lines.next();
            if (line != null && (line.length < 2 || (line[0] != '+' && line[0] != '-'))) {
                throw new IOException("a changes line is + or - and an id");
            }
        }

        boolean joined() {
            return line[0] == '+';
        }

        int compareId(Cursor other) {
            return Arrays.compareUnsigned(line, 1, line.length, other.line, 1, other.line.length);
        }
    }

    private ChangeChain() {}

    /**
     * @param changesInVersionOrder the decompressed changes files of versions v+1..u, in order
     */
    public static void merge(List<InputStream> changesInVersionOrder, MemberDiff.Changes changes)
            throws IOException {
        PriorityQueue<Cursor> next =
                new PriorityQueue<>(
                        Math.max(1, changesInVersionOrder.size()),
                        (a, b) -> {
                            int byId = a.compareId(b);
                            return byId != 0 ? byId : Integer.compare(a.version, b.version);
                        });
        for (int v = 0; v < changesInVersionOrder.size(); v++) {
            Cursor cursor = new Cursor(changesInVersionOrder.get(v), v);
            if (cursor.line != null) {
                next.add(cursor);
            }
        }
        List<Cursor> sameId = new ArrayList<>();
        while (!next.isEmpty()) {
            Cursor first = next.poll();
            sameId.add(first);
            while (!next.isEmpty() && next.peek().compareId(first) == 0) {
                sameId.add(next.poll());
            }
            boolean firstJoined = first.joined();
            boolean lastJoined = sameId.get(sameId.size() - 1).joined();
            if (firstJoined == lastJoined) {
                changes.change(firstJoined, Arrays.copyOfRange(first.line, 1, first.line.length));
            }
            for (Cursor cursor : sameId) {
                cursor.advance();
                if (cursor.line != null) {
                    next.add(cursor);
                }
            }
            sameId.clear();
        }
    }
}
