package com.milvusgke.k8s;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one YAML style of everything the program writes for people: block style, 2-space indent, the given width. */
class YamlTextTest {
    @Test
    void blockStyleTwoSpacesAndListsUnderTheirKey() {
        var text = YamlText.yaml(YamlText.DEFAULT_WIDTH, false).dump(Maps.ordered("a", Maps.ordered("b", List.of("x", "y"))));
        assertEquals("a:\n  b:\n  - x\n  - y\n", text);
    }

    @Test
    void longStringsWrapAtTheWidth() {
        var words = "word ".repeat(30).trim();
        assertEquals(1, YamlText.yaml(1000, false).dump(Maps.ordered("k", words)).lines().count());
        assertEquals(true, YamlText.yaml(40, false).dump(Maps.ordered("k", words)).lines().count() > 3);
    }

    @Test
    void multiLineStringsAreLiteralBlocks() {
        var value = Maps.ordered("user.yaml", "a: 1\nb: 2\n");
        assertEquals("user.yaml: |\n  a: 1\n  b: 2\n", YamlText.yaml(YamlText.DEFAULT_WIDTH, true).dump(value));
        assertEquals("k: plain\n", YamlText.yaml(YamlText.DEFAULT_WIDTH, true).dump(Maps.ordered("k", "plain")));
    }
}
