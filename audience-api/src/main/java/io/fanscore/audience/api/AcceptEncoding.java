package io.fanscore.audience.api;

import java.util.Locale;

/** Whether a client takes gzip, from its {@code Accept-Encoding} (RFC 9110 §12.5.3). */
final class AcceptEncoding {

    private AcceptEncoding() {}

    static boolean acceptsGzip(String header) {
        if (header == null) {
            return false;
        }
        Boolean wildcard = null;
        for (String element : header.split(",")) {
            String[] parts = element.trim().split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean acceptable = !hasZeroQuality(parts);
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                return acceptable;
            }
            if (coding.equals("*")) {
                wildcard = acceptable;
            }
        }
        return Boolean.TRUE.equals(wildcard);
    }

    private static boolean hasZeroQuality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2)) == 0.0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
