package dev.estuary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.estuary.core.config.ConfigLoader;
import dev.estuary.core.config.EstuaryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps the shipped sample {@code estuary.yaml} and {@code docs/configuration.md} in step with the config records:
 * every key of {@link EstuaryConfig} appears in the sample, commented out with its default and a description line
 * above it, and in the reference doc. Adding a key to a record without documenting it fails here.
 *
 * <p>In the sample, a commented setting is {@code #key: value} (no space after {@code #}); descriptions are
 * {@code # text}. The {@code adapters} subtree belongs to the adapter plugins, which document their own keys.
 */
@Timeout(10)
class SampleConfigTest {
    private static final Path SAMPLE = Path.of("src/main/dist/estuary.yaml");
    private static final Path DOC = Path.of("../docs/configuration.md");
    private static final Pattern SETTING = Pattern.compile("^(\\s*)#([a-z0-9_]+:.*)$");
    private static final Pattern DESCRIPTION = Pattern.compile("^\\s*# \\S.*$");

    private static String uncommented() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(SAMPLE)) {
            Matcher m = SETTING.matcher(line);
            sb.append(m.matches() ? m.group(1) + m.group(2) : line).append('\n');
        }
        return sb.toString();
    }

    /** Dotted paths of the leaves (values, lists, empty sections) under {@code node}. */
    private static TreeSet<String> leaves(JsonNode node, String prefix) {
        TreeSet<String> out = new TreeSet<>();
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.addAll(leaves(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey()));
            }
        } else {
            out.add(prefix);
        }
        return out;
    }

    private static TreeSet<String> recordKeys() {
        TreeSet<String> keys = leaves(ConfigLoader.toTree(EstuaryConfig.DEFAULTS), "");
        keys.remove("adapters");
        return keys;
    }

    @Test
    void sample_as_shipped_means_all_defaults() {
        assertThat(new ConfigLoader(Map.of()).load(SAMPLE)).isEqualTo(EstuaryConfig.DEFAULTS);
    }

    @Test
    void sample_lists_every_record_key_and_nothing_else() throws Exception {
        JsonNode sample = new ObjectMapper(new YAMLFactory()).readTree(uncommented());
        TreeSet<String> sampleKeys = leaves(sample, "");
        sampleKeys.remove("adapters");
        assertThat(sampleKeys).containsExactlyElementsOf(recordKeys());
    }

    @Test
    void sample_values_are_the_defaults() throws Exception {
        EstuaryConfig sample = new ConfigLoader(Map.of()).parse(uncommented(), "sample (uncommented)");
        Map<String, String> defaults = values(EstuaryConfig.DEFAULTS);
        List<String> differing = new ArrayList<>();
        values(sample).forEach((key, value) -> {
            if (!value.equals(defaults.get(key))) {
                differing.add(key + ": sample " + value + ", default " + defaults.get(key));
            }
        });
        assertThat(differing).isEmpty();
        assertThat(sample).isEqualTo(EstuaryConfig.DEFAULTS);
    }

    /** Each key's value as the file would show it, so a mismatch reports just the differing keys. */
    private static Map<String, String> values(EstuaryConfig config) {
        JsonNode tree = ConfigLoader.toTree(config);
        Map<String, String> out = new TreeMap<>();
        for (String key : leaves(tree, "")) {
            out.put(key, tree.at("/" + key.replace('.', '/')).toString());
        }
        return out;
    }

    @Test
    void every_sample_setting_has_a_description_above_it() throws Exception {
        List<String> lines = Files.readAllLines(SAMPLE);
        List<String> undocumented = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            boolean setting = SETTING.matcher(lines.get(i)).matches();
            if (setting && (i == 0 || !DESCRIPTION.matcher(lines.get(i - 1)).matches())) {
                undocumented.add(lines.get(i).trim());
            }
        }
        assertThat(undocumented).isEmpty();
    }

    @Test
    void reference_doc_names_every_key() throws Exception {
        String doc = Files.readString(DOC);
        List<String> missing = new ArrayList<>();
        for (String key : recordKeys()) {
            String documented = key.replaceFirst("^listeners\\.(tcp|ws|ssl|wss)\\.", "listeners.<name>.");
            if (!doc.contains("`" + documented + "`")) {
                missing.add(documented);
            }
        }
        assertThat(missing).as("keys missing from " + DOC).isEmpty();
    }
}
