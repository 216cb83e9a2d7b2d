package dev.estuary.adapter.lwm2m.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.estuary.adapter.lwm2m.Json;
import dev.estuary.adapter.lwm2m.server.ModelLoader;
import java.util.Date;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ValuesTest {
    private final Values values = new Values(new StaticModel(ModelLoader.load(null, "models_dir")), null);

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void each_type_converts_from_its_json_form() throws Exception {
        LwM2mPath p = new LwM2mPath("/1/0/1");
        assertThat(Values.convert(json("\"x\""), Type.STRING, p)).isEqualTo("x");
        assertThat(Values.convert(json("7"), Type.INTEGER, p)).isEqualTo(7L);
        assertThat(Values.convert(json("18446744073709551615"), Type.UNSIGNED_INTEGER, p))
                .isEqualTo(ULong.valueOf("18446744073709551615"));
        assertThat(Values.convert(json("1"), Type.FLOAT, p)).isEqualTo(1.0);
        assertThat(Values.convert(json("true"), Type.BOOLEAN, p)).isEqualTo(true);
        assertThat((byte[]) Values.convert(json("\"AQI=\""), Type.OPAQUE, p)).containsExactly(1, 2);
        assertThat(Values.convert(json("1700000000"), Type.TIME, p)).isEqualTo(new Date(1_700_000_000_000L));
        assertThat(Values.convert(json("\"2023-11-14T22:13:20Z\""), Type.TIME, p))
                .isEqualTo(new Date(1_700_000_000_000L));
        assertThat(Values.convert(json("\"3303:1\""), Type.OBJLNK, p)).isEqualTo(new ObjectLink(3303, 1));
    }

    @Test
    void a_value_of_the_wrong_type_names_path_type_and_value() {
        LwM2mPath p = new LwM2mPath("/3303/0/5700");
        assertThatThrownBy(() -> Values.convert(json("\"hot\""), Type.FLOAT, p))
                .hasMessage("wrong value type for /3303/0/5700: FLOAT expects a number, got string \"hot\"");
        assertThatThrownBy(() -> Values.convert(json("1.5"), Type.INTEGER, p)).hasMessageContaining("an integer");
        assertThatThrownBy(() -> Values.convert(json("-1"), Type.UNSIGNED_INTEGER, p))
                .hasMessageContaining("non-negative");
        assertThatThrownBy(() -> Values.convert(json("\"%%\""), Type.OPAQUE, p)).hasMessageContaining("base64");
    }

    @Test
    void the_model_types_single_multiple_and_instance_writes() throws Exception {
        LwM2mNode single = values.node(new LwM2mPath("/3/0/14"), json("\"+01\""), MissingNode.getInstance());
        assertThat(single).isInstanceOf(LwM2mSingleResource.class);
        LwM2mNode multi = values.node(new LwM2mPath("/3/0/7"), MissingNode.getInstance(), json("{\"0\":3800}"));
        assertThat(multi).isInstanceOf(LwM2mMultipleResource.class);
        assertThat(((LwM2mMultipleResource) multi).getType()).isEqualTo(Type.INTEGER);
        LwM2mNode instance = values.node(new LwM2mPath("/3303/0"), MissingNode.getInstance(),
                json("{\"5700\":1.5}"));
        assertThat(((LwM2mObjectInstance) instance).getResource(5700).getValue()).isEqualTo(1.5);
    }

    @Test
    void resources_without_a_model_need_a_type() throws Exception {
        assertThatThrownBy(() -> values.node(new LwM2mPath("/40000/0/1"), json("1"), MissingNode.getInstance()))
                .hasMessageContaining("no object model for /40000/0/1");
        Values typed = new Values(new StaticModel(ModelLoader.load(null, "models_dir")), Type.INTEGER);
        assertThat(typed.node(new LwM2mPath("/40000/0/1"), json("1"), MissingNode.getInstance())).isNotNull();
        assertThatThrownBy(() -> Values.type(json("\"decimal\""))).hasMessageContaining("unknown type 'decimal'");
    }

    @Test
    void executable_resources_cannot_be_written() {
        assertThatThrownBy(() -> values.node(new LwM2mPath("/3/0/4"), json("1"), MissingNode.getInstance()))
                .hasMessageContaining("executable, not writable");
    }
}
