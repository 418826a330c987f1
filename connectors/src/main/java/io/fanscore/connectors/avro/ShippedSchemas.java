package io.fanscore.connectors.avro;

import org.apache.avro.Schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every schema version of a record that the project ships: the current one (the generated class)
 * and the earlier ones kept as {@code avro/history/<Name>-v<N>.avsc} in the schemas jar. Readers
 * must accept all of them (SPEC §1.3).
 */
public final class ShippedSchemas {

    private static final int MAX_VERSIONS = 100;

    private ShippedSchemas() {}

    public static List<Schema> versionsOf(Schema current) {
        List<Schema> versions = new ArrayList<>();
        versions.add(current);
        for (int v = 1; v <= MAX_VERSIONS; v++) {
            String resource = "/avro/history/" + current.getName() + "-v" + v + ".avsc";
            try (InputStream in = ShippedSchemas.class.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read shipped schema " + resource, e);
            }
        }
        return versions;
    }
}
