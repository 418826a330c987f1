package io.fanscore.exporters;

import io.fanscore.packageformat.IdFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The upload formats fanscore writes, with each platform's documented terms as defaults (sources in
 * the README's exporter section); every default can be overridden per destination.
 */
public enum ExportFormat {
    /** Ocean Engine DMP: zip archives of lines, each the base64 of one protobuf {@code DmpData}. */
    OCEAN_ENGINE_DMP(
            null,
            // No minimum documented: every published version is taken.
            1,
            // A data source takes 20-60 min to parse; 100 may be created a day.
            Duration.ofHours(1),
            // Uploaded file paths expire after 14 days.
            Duration.ofDays(7),
            1),
    /** Google Customer Match: a CSV of hashed emails or phones with Google's English headers. */
    GOOGLE_CUSTOMER_MATCH(
            CustomerListDialect.GOOGLE,
            100, // active users needed to serve
            Duration.ofDays(1),
            Duration.ofDays(30), // membership lasts at most 540 days
            1),
    /** Meta Custom Audiences: a customer list CSV with Meta's lowercase headers. */
    META_CUSTOM_AUDIENCE(
            CustomerListDialect.META,
            100, // "avoid lists of fewer than 100 people"
            Duration.ofDays(1),
            Duration.ofDays(30),
            1),
    /** TikTok custom audience: a customer file CSV with TikTok's headers, one id per line. */
    TIKTOK_CUSTOM_AUDIENCE(
            CustomerListDialect.TIKTOK,
            1000, // a file must hold at least 1000 entries
            Duration.ofDays(1),
            Duration.ofDays(30), // retention_in_days is at most 365
            1000); // so an add or remove file must too

    /** The customer list's headers and hashing; null for the DMP format. */
    private final CustomerListDialect dialect;

    private final long platformMinSize;
    private final Duration platformMinInterval;
    private final Duration platformRefreshInterval;
    private final long platformMinIdsPerFile;

    ExportFormat(
            CustomerListDialect dialect,
            long platformMinSize,
            Duration platformMinInterval,
            Duration platformRefreshInterval,
            long platformMinIdsPerFile) {
        this.dialect = dialect;
        this.platformMinSize = platformMinSize;
        this.platformMinInterval = platformMinInterval;
        this.platformRefreshInterval = platformRefreshInterval;
        this.platformMinIdsPerFile = platformMinIdsPerFile;
    }

    /** As written in options and records: {@code ocean-engine-dmp}, ... */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ExportFormat named(String name) {
        return Arrays.stream(values())
                .filter(f -> f.configName().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown format '"
                                                + name
                                                + "' (known: "
                                                + Arrays.stream(values())
                                                        .map(ExportFormat::configName)
                                                        .collect(Collectors.joining(", "))
                                                + ")"));
    }

    /** The id types the platform takes: the DMP's user id, or the columns of its list. */
    public Set<IdType> idTypes() {
        return dialect == null ? EnumSet.of(IdType.UID) : dialect.idTypes();
    }

    long platformMinSize() {
        return platformMinSize;
    }

    Duration platformMinInterval() {
        return platformMinInterval;
    }

    Duration platformRefreshInterval() {
        return platformRefreshInterval;
    }

    /** The fewest ids a file the platform takes may hold: a delta with fewer goes as a FULL. */
    long platformMinIdsPerFile() {
        return platformMinIdsPerFile;
    }

    /**
     * A writer of one export into {@code dir}.
     *
     * @throws IllegalArgumentException if the package's ids cannot be exported as {@code idType}
     */
    public AudienceFileWriter open(Path dir, ExportKind kind, IdFormat idFormat, IdType idType)
            throws IOException {
        if (idFormat != IdFormat.RAW) {
            throw new IllegalArgumentException(
                    "a package of "
                            + idFormat.formatName()
                            + " ids cannot be exported: platforms match their own identifiers,"
                            + " not salted hashes; define the package with id_format: raw");
        }
        if (!idTypes().contains(idType)) {
            throw new IllegalArgumentException(
                    configName()
                            + " does not take "
                            + idType
                            + " ids (it takes "
                            + idTypes()
                            + ")");
        }
        return dialect == null
                ? new DmpFileWriter(dir, kind, DmpFileWriter.dataTypeOf(idType))
                : new CustomerListWriter(dir, kind, dialect, idType);
    }
}
