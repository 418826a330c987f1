package io.fanscore.audience.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The net change between two member snapshots, as {@code +id} and {@code -id} lines sorted by id: a
 * merge of the two sorted files, so memory does not grow with the package. Because both are
 * published snapshots, {@code members(to) = members(from) + added - removed} holds exactly.
 */
public final class MemberDiff {

    private MemberDiff() {}

    /** {@code from} may be an empty stream for version 0 (nothing published yet). */
    public static void write(InputStream from, InputStream to, OutputStream out)
            throws IOException {
        IdLineReader before = new IdLineReader(from);
        IdLineReader after = new IdLineReader(to);
        byte[] removedCandidate = before.next();
        byte[] addedCandidate = after.next();
        while (removedCandidate != null || addedCandidate != null) {
            int order =
                    removedCandidate == null
                            ? 1
                            : addedCandidate == null
                                    ? -1
                                    : Arrays.compareUnsigned(removedCandidate, addedCandidate);
            if (order == 0) {
                removedCandidate = before.next();
                addedCandidate = after.next();
            } else if (order < 0) {
                writeLine(out, '-', removedCandidate);
                removedCandidate = before.next();
            } else {
                writeLine(out, '+', addedCandidate);
                addedCandidate = after.next();
            }
        }
    }

    private static void writeLine(OutputStream out, char sign, byte[] id) throws IOException {
        out.write(sign);
        out.write(id);
        out.write('\n');
    }
}
