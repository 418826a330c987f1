package io.fanscore.exporters;

/** What one export holds. */
public enum ExportKind {
    /** Every member of a version: the first upload, and each periodic refresh. */
    FULL,
    /** The members added and removed between the last exported version and this one. */
    DELTA
}
