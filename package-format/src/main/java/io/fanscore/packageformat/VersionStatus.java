package io.fanscore.packageformat;

/** SPEC §8: a version is published, or withheld because the audience is below its min size. */
public enum VersionStatus {
    PUBLISHED,
    /** The members file is empty, so the real size of a small audience is not revealed. */
    BELOW_MIN_SIZE
}
