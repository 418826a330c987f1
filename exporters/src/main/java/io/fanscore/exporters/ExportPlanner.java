package io.fanscore.exporters;

import io.fanscore.packageformat.VersionManifest;
import io.fanscore.packageformat.VersionStatus;

import java.util.List;
import java.util.Optional;

/**
 * Which version to export next, and how, from what was exported before. Decided on version cut-offs
 * (event time), never on the wall clock, so that following a running job and catching up on a
 * backlog of versions export the same versions:
 *
 * <ul>
 *   <li>the next export is of the first version, after the last exported, whose cut-off is at least
 *       {@code min_interval} after the last export's and that the platform takes (published, at
 *       least {@code min_size} members); the versions before it are coalesced into it;
 *   <li>it is a FULL upload the first time, when {@code refresh_interval} has passed since the last
 *       FULL, or when the last exported version is no longer in the tree to take a delta against;
 *       otherwise a DELTA against the last exported version.
 * </ul>
 */
public final class ExportPlanner {

    private final Destination destination;

    public ExportPlanner(Destination destination) {
        this.destination = destination;
    }

    /**
     * @param versions the package's versions in the tree, ascending
     * @param last the last export, null for none
     * @param lastFull the last FULL export, null for none
     */
    public Optional<ExportPlan> next(
            List<VersionManifest> versions, ExportRecord last, ExportRecord lastFull) {
        int skipped = 0;
        VersionManifest from = null;
        for (VersionManifest candidate : versions) {
            if (last != null && candidate.version() == last.version()) {
                from = candidate;
            }
            if (last != null && candidate.version() <= last.version()) {
                continue;
            }
            if (last != null
                    && candidate.cutoff() < last.cutoff() + destination.minInterval().toMillis()) {
                skipped++;
                continue;
            }
            if (!takes(candidate)) {
                skipped++;
                continue;
            }
            boolean full =
                    last == null
                            || from == null
                            || lastFull == null
                            || candidate.cutoff()
                                    >= lastFull.cutoff() + destination.refreshInterval().toMillis();
            return Optional.of(
                    new ExportPlan(
                            full ? ExportKind.FULL : ExportKind.DELTA,
                            full ? null : from,
                            candidate,
                            skipped));
        }
        return Optional.empty();
    }

    /** Whether the platform takes this version: published, and as large as it requires. */
    private boolean takes(VersionManifest version) {
        return version.status() == VersionStatus.PUBLISHED
                && version.memberCount() >= destination.minSize();
    }
}
