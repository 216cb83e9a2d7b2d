package dev.estuary.adapter.lwm2m.server;

import dev.estuary.core.spi.AdapterConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.leshan.core.model.DefaultDDFFileValidatorFactory;
import org.eclipse.leshan.core.model.DDFFileParser;
import org.eclipse.leshan.core.model.DefaultObjectModelValidator;
import org.eclipse.leshan.core.model.InvalidDDFFileException;
import org.eclipse.leshan.core.model.InvalidModelException;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object models the server knows: Leshan's OMA core objects (0-7, 21, every version), the IPSO objects shipped
 * with the adapter ({@code dev/estuary/adapter/lwm2m/models/}: 3300-3347, see their headers), then every
 * {@code *.xml} DDF file of the configured models folder, validated against the OMA schema. A later definition of
 * the same object and version replaces an earlier one, so the folder can override what is shipped. A broken file in
 * the folder stops the adapter with its name.
 */
public final class ModelLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);
    private static final String BUNDLED = "/dev/estuary/adapter/lwm2m/models/";

    private ModelLoader() {
    }

    /** Every model; {@code folder} may be null. */
    public static List<ObjectModel> load(Path folder, String folderKey) {
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadAllDefault());
        models.addAll(bundled());
        if (folder != null) {
            models.addAll(folder(folder, folderKey));
        }
        return models;
    }

    /** The IPSO objects shipped in the plugin. */
    public static List<ObjectModel> bundled() {
        List<ObjectModel> out = new ArrayList<>();
        try (InputStream index = ModelLoader.class.getResourceAsStream(BUNDLED + "index.txt")) {
            if (index == null) {
                throw new IllegalStateException("bundled LwM2M models are missing from the plugin");
            }
            List<String> names = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8)).lines()
                    .map(String::trim).filter(l -> !l.isEmpty()).toList();
            for (String name : names) {
                try (InputStream in = ModelLoader.class.getResourceAsStream(BUNDLED + name)) {
                    out.addAll(ObjectLoader.loadDdfFile(in, name));
                }
            }
        } catch (IOException | InvalidDDFFileException e) {
            throw new IllegalStateException("bundled LwM2M models cannot be read: " + e.getMessage(), e);
        }
        return out;
    }

    private static List<ObjectModel> folder(Path folder, String key) {
        if (!Files.isDirectory(folder)) {
            throw new AdapterConfigException(key + ": " + folder + " is not a folder");
        }
        List<ObjectModel> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new AdapterConfigException(key + ": cannot list " + folder + ": " + e.getMessage());
        }
        DDFFileParser parser = new DDFFileParser(new DefaultDDFFileValidatorFactory());
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                out.addAll(ObjectLoader.loadDdfFile(in, f.getFileName().toString(), parser,
                        new DefaultObjectModelValidator()));
            } catch (IOException | InvalidDDFFileException | InvalidModelException e) {
                throw new AdapterConfigException(key + ": object definition " + f + " is not valid: "
                        + e.getMessage());
            }
        }
        LOG.info("loaded {} LwM2M object definitions from {}", out.size(), folder);
        return out;
    }
}
