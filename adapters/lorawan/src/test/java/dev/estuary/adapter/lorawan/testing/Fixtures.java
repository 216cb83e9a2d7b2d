package dev.estuary.adapter.lorawan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The published LoRaWAN samples, copied byte for byte from {@code shared/fixtures/lorawan} into
 * {@code src/test/resources/fixtures} (so a clean clone has them); read from the test classpath.
 */
public final class Fixtures {
    private Fixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /**
     * The blocks of {@code lorawan-phypayload-vectors.txt}: vector id ({@code V1}...) to its {@code key: value}
     * lines (keys without their parenthesised remark, values up to the first run of two spaces, so trailing remarks are dropped; repeated keys such as
     * {@code negative} get {@code negative.1}, {@code negative.2}).
     */
    public static Map<String, Map<String, String>> phyVectors() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : text("lorawan-phypayload-vectors.txt").split("\n")) {
            if (line.startsWith("## ")) {
                String id = line.substring(3).trim().split("\\s+")[0];
                current = new LinkedHashMap<>();
                out.put(id, current);
            } else if (current != null && line.contains(": ") && !line.startsWith("#")) {
                int colon = line.indexOf(": ");
                String key = line.substring(0, colon).trim();
                if (key.contains(" (")) {
                    key = key.substring(0, key.indexOf(" ("));
                }
                String value = line.substring(colon + 2).trim();
                int remark = value.indexOf("  ");
                if (remark > 0 && !key.equals("parsed") && !key.startsWith("negative")) {
                    value = value.substring(0, remark).trim();
                }
                String k = key;
                for (int i = 1; current.containsKey(k); i++) {
                    k = key + "." + i;
                }
                current.put(k, value);
            }
        }
        return out;
    }
}
