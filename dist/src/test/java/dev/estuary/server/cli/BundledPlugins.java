package dev.estuary.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The plugin archives the distribution bundles ({@code dist/target/estuary/plugins}, assembled at {@code package}
 * from the adapters' built zips), copied into a test's own plugins folder so that what a test does there (PF4J
 * expands the archives, disables plugins) stays there. Failsafe tests only: they run after {@code package}.
 */
final class BundledPlugins {
    private BundledPlugins() {
    }

    static Path distPlugins() {
        return Path.of(System.getProperty("estuary.dist", "target/estuary")).toAbsolutePath().normalize()
                .resolve("plugins");
    }

    /**
     * Copies the archives whose names start with one of {@code artifacts} (e.g. {@code gateway-adapter-coap-})
     * into {@code target}, created if needed.
     */
    static Path copy(Path target, String... artifacts) {
        try {
            Files.createDirectories(target);
            int copied = 0;
            try (DirectoryStream<Path> zips = Files.newDirectoryStream(distPlugins(), "*.zip")) {
                for (Path zip : zips) {
                    String name = zip.getFileName().toString();
                    for (String a : artifacts) {
                        if (name.startsWith(a + "-")) {
                            Files.copy(zip, target.resolve(name));
                            copied++;
                        }
                    }
                }
            }
            if (copied != artifacts.length) {
                throw new IllegalStateException("expected " + artifacts.length + " plugin archives in "
                        + distPlugins() + " (run the failsafe tests after package), copied " + copied);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
