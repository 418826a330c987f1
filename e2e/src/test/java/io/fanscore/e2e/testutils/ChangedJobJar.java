package io.fanscore.e2e.testutils;

import io.fanscore.state.PairState;

import org.apache.avro.Schema;
import org.apache.avro.compiler.specific.SpecificCompiler;
import org.apache.avro.generic.GenericData;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The next release of the job as far as state is concerned: the production job jar with its {@code
 * PairState} grown by one optional field with a default, the only kind of change the project allows
 * to a state record. Built from the production schema at test time (generated with Avro's compiler,
 * compiled against the job jar), so it never drifts from the production record.
 */
public final class ChangedJobJar {

    /** The field the next release adds; its name is looked for in savepoints it writes. */
    public static final String NEW_FIELD = "e2e_upgrade_note";

    private static final String PAIR_STATE_PATH = "io/fanscore/state/PairState";

    private ChangedJobJar() {}

    public static Schema evolvedSchema() {
        Schema current = PairState.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(
                new Schema.Field(
                        NEW_FIELD,
                        Schema.createUnion(
                                Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                        "Added by the next release (test only).",
                        org.apache.avro.JsonProperties.NULL_VALUE));
        return Schema.createRecord(
                current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    /** Writes the changed jar to {@code target} and returns it. */
    public static Path build(Path productionJar, Path workDir, Path target) throws IOException {
        Path sources = Files.createDirectories(workDir.resolve("src"));
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        SpecificCompiler compiler = new SpecificCompiler(evolvedSchema());
        compiler.setStringType(GenericData.StringType.String);
        compiler.setFieldVisibility(SpecificCompiler.FieldVisibility.PRIVATE);
        compiler.compileToDestination(null, sources.toFile());
        Path pairStateSource = sources.resolve(PAIR_STATE_PATH + ".java");

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int exit =
                javac.run(
                        null,
                        null,
                        null,
                        "-nowarn",
                        "--release",
                        "17",
                        "-cp",
                        productionJar.toString(),
                        "-d",
                        classes.toString(),
                        pairStateSource.toString());
        if (exit != 0) {
            throw new IOException("compiling the evolved PairState failed");
        }

        try (JarFile original = new JarFile(productionJar.toFile());
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
            Enumeration<JarEntry> entries = original.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (isPairStateClass(entry.getName())) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream in = original.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            try (Stream<Path> compiled = Files.walk(classes)) {
                for (Path file : compiled.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    private static boolean isPairStateClass(String name) {
        return name.equals(PAIR_STATE_PATH + ".class")
                || (name.startsWith(PAIR_STATE_PATH + "$") && name.endsWith(".class"));
    }
}
