package dev.estuary.server;

import dev.estuary.core.StartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's data directory ({@code node.data_dir}, relative to the working directory): created at startup if
 * missing, and it must be a writable directory, or the gateway does not start.
 */
final class DataDirectory {
    private DataDirectory() {
    }

    static Path prepare(String configured) {
        Path dir = Path.of(configured).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException("cannot create data directory " + dir + " (node.data_dir): " + reason(e), e);
        }
        if (!Files.isWritable(dir)) {
            throw new StartupException("data directory " + dir + " (node.data_dir) is not writable");
        }
        return dir;
    }

    private static String reason(IOException e) {
        String name = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? name : name + " " + e.getMessage();
    }
}
