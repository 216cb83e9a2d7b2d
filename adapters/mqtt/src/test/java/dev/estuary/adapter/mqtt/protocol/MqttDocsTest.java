package dev.estuary.adapter.mqtt.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.config.ByteSize;
import dev.estuary.core.config.Durations;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.config.MqueueConfig;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code docs/mqtt.md} lists every {@code mqtt.*} configuration key with its actual default: the keys are read
 * from the {@link MqttConfig} and {@link MqueueConfig} records, so a key added without documentation, or a default
 * changed without updating the page, fails here.
 */
@Timeout(10)
class MqttDocsTest {
    @Test
    void docs_list_every_mqtt_key_with_its_default() throws Exception {
        Path doc = Path.of(System.getProperty("basedir", ".")).resolve("../../docs/mqtt.md").normalize();
        List<String> rows = Files.readAllLines(doc);
        List<String> missing = new ArrayList<>();
        for (RecordComponent c : MqttConfig.class.getRecordComponents()) {
            if (c.getName().equals("mqueue")) {
                continue;
            }
            check(rows, snake(c.getName()), format(c.getAccessor().invoke(MqttConfig.DEFAULTS)), missing);
        }
        for (RecordComponent c : MqueueConfig.class.getRecordComponents()) {
            check(rows, "mqueue." + snake(c.getName()), format(c.getAccessor().invoke(MqueueConfig.DEFAULTS)),
                    missing);
        }
        assertThat(missing).as("keys missing from %s or documented with another default", doc).isEmpty();
    }

    private static void check(List<String> rows, String key, String def, List<String> missing) {
        String prefix = "| `" + key + "` | `" + def + "` |";
        if (rows.stream().noneMatch(r -> r.startsWith(prefix))) {
            missing.add(prefix);
        }
    }

    private static String format(Object v) {
        if (v instanceof Duration) {
            return Durations.format((Duration) v);
        }
        if ("".equals(v)) {
            return "\"\"";
        }
        if (v instanceof ByteSize) {
            return v.toString();
        }
        return String.valueOf(v);
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
