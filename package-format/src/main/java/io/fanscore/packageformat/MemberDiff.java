package io.fanscore.packageformat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The net change between two member snapshots, in id order: a merge of the two sorted files, so
 * memory does not grow with the package. Between published snapshots {@code members(to) =
 * members(from) + added - removed} holds exactly.
 */
public final class MemberDiff {

    /** Receives one change; ids come strictly ascending. */
    @FunctionalInterface
    public interface Changes {
        void change(boolean joined, byte[] id) throws IOException;
    }

    private MemberDiff() {}

    /** Both streams are decompressed member files; {@code from} may be empty (version 0). */
    public static void between(InputStream from, InputStream to, Changes changes)
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
                changes.change(false, removedCandidate);
                removedCandidate = before.next();
            } else {
                changes.change(true, addedCandidate);
                addedCandidate = after.next();
            }
        }
    }
}
