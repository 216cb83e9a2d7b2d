package dev.estuary.adapter.mqtt.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Code blocks from {@code docs/listeners.md} that tests run as they are, so the documented commands and
 * configuration cannot drift from what works. A block is the first fenced block after a line
 * {@code <!-- tested: NameOfTheTest ... -->}.
 */
final class DocSnippets {
    private DocSnippets() {
    }

    /** {@code docs/listeners.md}, found from the module directory upwards. */
    static Path listenersDoc() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path doc = d.resolve("docs").resolve("listeners.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new IllegalStateException("docs/listeners.md not found above " + Path.of("").toAbsolutePath());
    }

    /** The body of the fenced block marked for {@code testName}. */
    static String block(String testName) {
        String doc;
        try {
            doc = Files.readString(listenersDoc());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int marker = doc.indexOf("<!-- tested: " + testName);
        if (marker < 0) {
            throw new IllegalStateException("no '<!-- tested: " + testName + "' marker in docs/listeners.md");
        }
        int open = doc.indexOf("```", marker);
        int bodyStart = doc.indexOf('\n', open) + 1;
        int close = doc.indexOf("\n```", bodyStart);
        return doc.substring(bodyStart, close + 1);
    }
}
