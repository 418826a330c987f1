package io.fanscore.cli.testutils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the export tests share: fans with mobile advertising ids, and reading exported files. */
public final class ExportFiles {

    private ExportFiles() {}

    /** Fan {@code n}'s id: a well-formed mobile advertising id, as the platforms take it. */
    public static String maid(int fan) {
        return String.format("00000000-0000-4000-8000-%012d", fan);
    }

    /** The ids of a Meta export file of mobile advertising ids, its header checked. */
    public static List<String> madids(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("madid");
        return lines.subList(1, lines.size());
    }

    /** Every file under {@code root} by relative path, with its bytes in hex. */
    public static Map<String, String> treeBytes(Path root) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(
                        root.relativize(path).toString(),
                        HexFormat.of().formatHex(Files.readAllBytes(path)));
            }
        }
        return files;
    }
}
