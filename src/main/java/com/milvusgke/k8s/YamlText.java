package com.milvusgke.k8s;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The YAML this program reads and writes, set up once: block style, two-space indent, safe loading (no arbitrary
 * types). Two widths are in use and each must stay as it is, since the text is compared: Milvus's {@code user.yaml}
 * (default width, inside the Helm values, so a change would show as a values diff) and the plan's files (120, with
 * multi-line strings as literal blocks, for review).
 */
public final class YamlText {
    /** SnakeYAML's default line width: {@code user.yaml} has always been written with it. */
    public static final int DEFAULT_WIDTH = 80;
    /** The plan's files. */
    public static final int REVIEW_WIDTH = 120;

    private YamlText() {
    }

    /**
     * @param width              preferred line width
     * @param literalMultiline   write strings with line breaks as literal blocks ({@code |}) rather than escaped
     */
    public static Yaml yaml(int width, boolean literalMultiline) {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(width);
        var representer = literalMultiline ? new LiteralStrings(options) : new Representer(options);
        return new Yaml(new SafeConstructor(new LoaderOptions()), representer, options);
    }

    /** Multi-line strings (Milvus's user.yaml inside the values) read as YAML blocks, not escaped one-liners. */
    private static final class LiteralStrings extends Representer {
        LiteralStrings(DumperOptions options) {
            super(options);
            this.representers.put(String.class, data -> {
                var text = (String) data;
                return representScalar(Tag.STR, text,
                        text.contains("\n") ? DumperOptions.ScalarStyle.LITERAL : DumperOptions.ScalarStyle.PLAIN);
            });
        }
    }
}
