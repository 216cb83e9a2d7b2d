package dev.estuary.core.persist;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of the durable folder: generation {@code g} is a snapshot {@code state-g.snap} (the whole state when
 * the generation began) plus a log {@code state-g.log} (every change since). A snapshot is written as
 * {@code .tmp} and renamed when complete, so a {@code .snap} file is always whole unless the disk damaged it.
 * The newest generation and the one before it are kept; files set aside after damage end in
 * {@code .damaged-<time>} and are never deleted by the gateway.
 */
final class Generations {
    private static final Pattern NAME = Pattern.compile("state-(\\d{10})\\.(snap|log)");

    private Generations() {
    }

    static Path snapshot(Path dir, long gen) {
        return dir.resolve(String.format("state-%010d.snap", gen));
    }

    static Path log(Path dir, long gen) {
        return dir.resolve(String.format("state-%010d.log", gen));
    }

    /** Generations that have a file of {@code suffix} ("snap" or "log"), newest first. */
    static List<Long> list(Path dir, String suffix) throws IOException {
        List<Long> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && m.group(2).equals(suffix)) {
                    out.add(Long.parseLong(m.group(1)));
                }
            }
        }
        out.sort(Collections.reverseOrder());
        return out;
    }

    /** Deletes the snapshots and logs of generations older than {@code keepFrom}, and leftover {@code .tmp} files. */
    static void deleteBefore(Path dir, long keepFrom) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                Matcher m = NAME.matcher(name);
                if (m.matches() && Long.parseLong(m.group(1)) < keepFrom
                        || name.startsWith("state-") && name.endsWith(".snap.tmp")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Makes renames and new files in {@code dir} durable. */
    static void syncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for reading; their renames are durable by other means
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }
}
