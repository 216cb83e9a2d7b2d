package dev.estuary.adapter.lwm2m.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.leshan.core.model.DDFFileParser;
import org.eclipse.leshan.core.model.DefaultDDFFileValidatorFactory;
import org.eclipse.leshan.core.model.DefaultObjectModelValidator;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class ModelLoaderTest {
    @Test
    void the_bundled_ipso_objects_are_valid_against_the_oma_schema() throws Exception {
        List<String> names = List.of("3300", "3301", "3303", "3304", "3306", "3311", "3312", "3315", "3316", "3317",
                "3323", "3328", "3342", "3347");
        DDFFileParser validating = new DDFFileParser(new DefaultDDFFileValidatorFactory());
        for (String n : names) {
            try (InputStream in = ModelLoader.class.getResourceAsStream("/dev/estuary/adapter/lwm2m/models/" + n
                    + ".xml")) {
                List<ObjectModel> m = ObjectLoader.loadDdfFile(in, n, validating, new DefaultObjectModelValidator());
                assertThat(m).singleElement().extracting(o -> o.id).isEqualTo(Integer.parseInt(n));
            }
        }
        assertThat(ModelLoader.bundled()).extracting(o -> o.id).containsExactlyInAnyOrderElementsOf(
                names.stream().map(Integer::valueOf).toList());
    }

    @Test
    void a_folder_adds_definitions_and_a_broken_file_is_named(@TempDir Path dir) throws Exception {
        String ddf = new String(ModelLoader.class.getResourceAsStream("/dev/estuary/adapter/lwm2m/models/3303.xml")
                .readAllBytes()).replace("<ObjectID>3303</ObjectID>", "<ObjectID>33033</ObjectID>")
                .replace("urn:oma:lwm2m:ext:3303", "urn:oma:lwm2m:x:33033");
        Files.writeString(dir.resolve("33033.xml"), ddf);
        assertThat(ModelLoader.load(dir, "adapters.lwm2m.models_dir")).anyMatch(m -> m.id == 33033);
        Files.writeString(dir.resolve("broken.xml"), "<LWM2M><Object>");
        assertThatThrownBy(() -> ModelLoader.load(dir, "adapters.lwm2m.models_dir"))
                .hasMessageContaining("adapters.lwm2m.models_dir").hasMessageContaining("broken.xml");
    }
}
