package dev.estuary.core.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a real PF4J plugin archive in a test folder: plugin.properties, the given compiled classes under
 * {@code classes/}, and {@code classes/META-INF/extensions.idx} listing the extensions.
 */
final class PluginZip {
    private PluginZip() {
    }

    static Path build(Path dir, String pluginId, Class<?>... extensions) throws IOException {
        Path zip = dir.resolve(pluginId + "-1.0.0.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(out, "plugin.properties", ("plugin.id=" + pluginId + "\nplugin.version=1.0.0\n"
                    + "plugin.provider=tests\n").getBytes(StandardCharsets.UTF_8));
            StringBuilder idx = new StringBuilder();
            for (Class<?> c : extensions) {
                idx.append(c.getName()).append('\n');
                String resource = c.getName().replace('.', '/') + ".class";
                try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
                    put(out, "classes/" + resource, in.readAllBytes());
                }
            }
            put(out, "classes/META-INF/extensions.idx", idx.toString().getBytes(StandardCharsets.UTF_8));
        }
        return zip;
    }

    private static void put(ZipOutputStream out, String name, byte[] data) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        OutputStream o = out;
        o.write(data);
        out.closeEntry();
    }
}
