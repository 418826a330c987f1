package io.fanscore.exporters;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a package goes and on what terms: the platform's file format, the smallest audience it
 * takes (nothing smaller is exported), how often a list may be published there (versions in between
 * are coalesced into the next export), and how often the whole audience is sent again (platforms
 * expire audiences that are not refreshed).
 *
 * @param name a safe path segment naming the destination, e.g. {@code ocean-engine}
 * @param idType what the package's (raw) member ids are to the platform
 * @param minIdsPerFile the fewest ids a file may hold there: a DELTA whose add or remove file would
 *     hold fewer (but some) is sent as a FULL instead, which the minimum size makes large enough
 */
public record Destination(
        String name,
        ExportFormat format,
        IdType idType,
        long minSize,
        Duration minInterval,
        Duration refreshInterval,
        long minIdsPerFile) {

    /** A destination with its format's own fewest ids per file. */
    public Destination(
            String name,
            ExportFormat format,
            IdType idType,
            long minSize,
            Duration minInterval,
            Duration refreshInterval) {
        this(
                name,
                format,
                idType,
                minSize,
                minInterval,
                refreshInterval,
                format.platformMinIdsPerFile());
    }

    public Destination {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(idType, "idType");
        if (!format.idTypes().contains(idType)) {
            throw new IllegalArgumentException(
                    format.configName() + " takes " + format.idTypes() + ", not " + idType);
        }
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException(
                    "destination name must match [a-z0-9][a-z0-9._-]{0,63}: " + name);
        }
        if (minSize < 0) {
            throw new IllegalArgumentException("min_size must not be negative");
        }
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("min_interval must not be negative");
        }
        if (minIdsPerFile < 1) {
            throw new IllegalArgumentException("min_ids_per_file must be at least 1");
        }
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refresh_interval must be positive");
        }
    }

    /** The platform's own terms, as documented (see the README's sources). */
    public static Destination withDefaults(String name, ExportFormat format, IdType idType) {
        return new Destination(
                name,
                format,
                idType,
                format.platformMinSize(),
                format.platformMinInterval(),
                format.platformRefreshInterval(),
                format.platformMinIdsPerFile());
    }
}
