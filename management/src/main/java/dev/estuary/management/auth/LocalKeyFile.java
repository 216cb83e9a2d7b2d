package dev.estuary.management.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local API key file ({@code {data_dir}/api_key}, {@code management.local_key_file}): at every start the
 * gateway makes a fresh key named {@code local} and writes {@code local:SECRET} here, readable by its own user
 * only, so that {@code estuary ctl} (and {@code curl -u "$(cat data/api_key)"}) on the same host works with no
 * set-up, while nobody else gets in.
 */
public final class LocalKeyFile {
    /** The name of the key and of the file. */
    public static final String KEY_NAME = "local";
    public static final String FILE_NAME = "api_key";

    private LocalKeyFile() {
    }

    /** Creates the key and writes the file (replacing both). */
    public static Path write(ApiKeys keys, Path dataDir) throws IOException {
        ApiKeys.Created created = keys.create(KEY_NAME, "estuary ctl on this host (rewritten at every start)", 0);
        Path file = dataDir.resolve(FILE_NAME);
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, created.credentials() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Reads {@code name:secret} from a key file, or null when there is none. */
    public static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String s = Files.readString(file, StandardCharsets.UTF_8).trim();
        return s.isEmpty() ? null : s;
    }
}
