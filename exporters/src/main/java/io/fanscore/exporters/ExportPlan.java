package io.fanscore.exporters;

import io.fanscore.packageformat.VersionManifest;

/**
 * The next export of a package to a destination.
 *
 * @param from the version last exported, that a DELTA is taken against; null for a FULL
 * @param to the version exported
 * @param skipped versions after the last export passed over: coalesced (too soon after it) or below
 *     the destination's minimum size
 */
public record ExportPlan(ExportKind kind, VersionManifest from, VersionManifest to, int skipped) {

    /** The same version, sent whole. */
    public ExportPlan asFull() {
        return new ExportPlan(ExportKind.FULL, null, to, skipped);
    }
}
