package io.fanscore.exporters;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * How one platform's customer list file names and encodes each id type: the header of the column
 * and whether the normalised value is SHA-256 hashed (lowercase hex).
 */
enum CustomerListDialect {
    /** Google Customer Match: English headers; emails and phones hashed. */
    GOOGLE(
            Map.of(
                    IdType.EMAIL,
                    new Column("Email", true),
                    IdType.PHONE,
                    new Column("Phone", true))),
    /** Meta: lowercase keys; emails and phones hashed, mobile advertiser ids not. */
    META(
            Map.of(
                    IdType.EMAIL, new Column("email", true),
                    IdType.PHONE, new Column("phone", true),
                    IdType.MAID, new Column("madid", false))),
    /** TikTok: a header per id type and encoding; everything sent hashed. */
    TIKTOK(
            Map.of(
                    IdType.EMAIL, new Column("Email_SHA256", true),
                    IdType.PHONE, new Column("Phone_SHA256", true),
                    IdType.MAID, new Column("MAID_SHA256", true)));

    /** One column: its header, and whether values are hashed. */
    record Column(String header, boolean hashed) {}

    private final Map<IdType, Column> columns;

    CustomerListDialect(Map<IdType, Column> columns) {
        this.columns = columns;
    }

    Column column(IdType idType) {
        Column column = columns.get(idType);
        if (column == null) {
            throw new IllegalArgumentException(this + " customer lists take no " + idType + " ids");
        }
        return column;
    }

    /** The id types this list has a column for. */
    Set<IdType> idTypes() {
        return EnumSet.copyOf(columns.keySet());
    }
}
