package io.fanscore.exporters;

import java.util.Locale;

/**
 * What a fan id is to an ad platform, declared per destination: platforms match audiences on their
 * own identifiers, never on a salted hash, so only packages of raw ids ({@code id_format: raw}) can
 * be exported, and the exporter normalises and hashes them the way each platform asks.
 */
public enum IdType {
    /** The platform's own user id (Ocean Engine DMP data type UID). */
    UID,
    /** A mobile advertising id (IDFA or GAID/AAID). */
    MAID,
    /** An email address. */
    EMAIL,
    /** A phone number in E.164 ({@code +} country code and number). */
    PHONE;

    public static IdType named(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown id type '" + name + "' (known: uid, maid, email, phone)");
        }
    }
}
