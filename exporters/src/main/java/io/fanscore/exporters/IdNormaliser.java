package io.fanscore.exporters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises an id the way a platform hashes it, then hashes it if the platform wants it hashed:
 * emails trimmed and lowercased (TikTok also drops a {@code +tag}); phones to E.164 ({@code +} and
 * digits; Meta and TikTok without the {@code +}); mobile advertising ids lowercased with their
 * hyphens. An id that is not one of its type is refused (empty), never sent as it is.
 */
final class IdNormaliser {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s().-]");
    private static final Pattern MAID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final CustomerListDialect dialect;
    private final IdType idType;
    private final boolean hashed;
    private final MessageDigest sha256;

    IdNormaliser(CustomerListDialect dialect, IdType idType) {
        this.dialect = dialect;
        this.idType = idType;
        this.hashed = dialect.column(idType).hashed();
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The value to write for {@code id}, or empty if it is not a valid id of its type. */
    Optional<String> valueOf(String id) {
        Optional<String> normalised =
                switch (idType) {
                    case EMAIL -> email(id);
                    case PHONE -> phone(id);
                    case MAID -> maid(id);
                    case UID -> Optional.empty();
                };
        return hashed ? normalised.map(this::sha256Hex) : normalised;
    }

    private Optional<String> email(String id) {
        String email = id.trim().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(email).matches()) {
            return Optional.empty();
        }
        if (dialect == CustomerListDialect.TIKTOK) {
            int at = email.indexOf('@');
            int plus = email.indexOf('+');
            if (plus >= 0 && plus < at) {
                email = email.substring(0, plus) + email.substring(at);
            }
        }
        return Optional.of(email);
    }

    private Optional<String> phone(String id) {
        String phone = PHONE_PUNCTUATION.matcher(id.trim()).replaceAll("");
        if (!E164.matcher(phone).matches()) {
            return Optional.empty();
        }
        return Optional.of(dialect == CustomerListDialect.GOOGLE ? phone : phone.substring(1));
    }

    private static Optional<String> maid(String id) {
        String maid = id.trim().toLowerCase(Locale.ROOT);
        return MAID.matcher(maid).matches() ? Optional.of(maid) : Optional.empty();
    }

    private String sha256Hex(String value) {
        sha256.reset();
        return HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
