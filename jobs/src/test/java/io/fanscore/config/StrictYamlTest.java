package io.fanscore.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One strict reading for every fanscore file: messages name the file and the key. */
class StrictYamlTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final StrictYaml keys = new StrictYaml("f.yaml", IllegalStateException::new);

    @Test
    void valuesAreReadWithTheirDefaults() throws Exception {
        JsonNode node = YAML.readTree("a: x\nn: 5\nb: true\nd: 90s\n");
        assertThat(keys.text(node, "a")).isEqualTo("x");
        assertThat(keys.longAt(node, "n", "n", 0, 10)).isEqualTo(5);
        assertThat(keys.longAt(node, "m", 0, 10, 7)).isEqualTo(7);
        assertThat(keys.bool(node, "b", false)).isTrue();
        assertThat(keys.bool(node, "c", true)).isTrue();
        assertThat(keys.duration(node, "d", "d")).isEqualTo(Duration.ofSeconds(90));
        assertThat(keys.duration(node, "e", Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everyProblemNamesTheFileTheKeyAndWhatIsWrong() throws Exception {
        JsonNode node = YAML.readTree("a: ''\nn: 11\nf: 1.5\nb: yes please\nd: soon\n");
        assertThatThrownBy(() -> keys.onlyKnown(node, "x.", Set.of("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("f.yaml: 'x.n' is not a known key");
        assertThatThrownBy(() -> keys.text(node, "a")).hasMessage("f.yaml: 'a' is missing");
        assertThatThrownBy(() -> keys.longAt(node, "n", "n", 0, 10))
                .hasMessage("f.yaml: 'n' must be in 0..10, got 11");
        assertThatThrownBy(() -> keys.longAt(node, "f", 0, 10, 1))
                .hasMessage("f.yaml: 'f' must be an integer, got '1.5'");
        assertThatThrownBy(() -> keys.bool(node, "b", false))
                .hasMessageContaining("'b' must be true or false");
        assertThatThrownBy(() -> keys.duration(node, "d", Duration.ZERO))
                .hasMessageContaining("'d'")
                .hasMessageContaining("'soon' is not a duration");
    }
}
