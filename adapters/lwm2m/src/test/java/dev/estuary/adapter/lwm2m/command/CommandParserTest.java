package dev.estuary.adapter.lwm2m.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CommandParserTest {
    private final CommandParser parser = new CommandParser(Duration.ofSeconds(30), Duration.ofMinutes(5));

    private Command parse(String json) throws CommandException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_read_command_keeps_its_id_path_and_default_timeout() throws Exception {
        Command c = parse("{\"id\":42,\"op\":\"read\",\"path\":\"/3/0/0\"}");
        assertThat(c.id()).isEqualTo("42");
        assertThat(c.op()).isEqualTo(Op.READ);
        assertThat(c.path().toString()).isEqualTo("/3/0/0");
        assertThat(c.format()).isNull();
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void formats_are_accepted_by_name_media_type_and_code() throws Exception {
        assertThat(parse("{\"op\":\"read\",\"path\":\"/3\",\"format\":\"senml-cbor\"}").format())
                .isEqualTo(ContentFormat.SENML_CBOR);
        assertThat(parse("{\"op\":\"read\",\"path\":\"/3\",\"format\":\"application/senml+json\"}").format())
                .isEqualTo(ContentFormat.SENML_JSON);
        assertThat(parse("{\"op\":\"read\",\"path\":\"/3\",\"format\":\"11542\"}").format())
                .isEqualTo(ContentFormat.TLV);
        assertThat(parse("{\"op\":\"read\",\"path\":\"/3\",\"format\":\"text\"}").format())
                .isEqualTo(ContentFormat.TEXT);
    }

    @Test
    void timeouts_accept_seconds_and_units_up_to_the_maximum() throws Exception {
        assertThat(parse("{\"op\":\"read\",\"path\":\"/3\",\"timeout\":2.5}").timeout()).hasMillis(2500);
        assertThat(parse("{\"op\":\"read\",\"path\":\"/3\",\"timeout\":\"500ms\"}").timeout()).hasMillis(500);
        assertThatThrownBy(() -> parse("{\"op\":\"read\",\"path\":\"/3\",\"timeout\":\"1h\"}"))
                .hasMessageContaining("\"timeout\" must be");
        assertThatThrownBy(() -> parse("{\"op\":\"read\",\"path\":\"/3\",\"timeout\":\"6m\"}"))
                .hasMessageContaining("at most 300s");
    }

    @Test
    void composite_ops_need_non_overlapping_paths() throws Exception {
        assertThat(parse("{\"op\":\"read-composite\",\"paths\":[\"/3/0/0\",\"/1/0/1\"]}").paths()).hasSize(2);
        assertThatThrownBy(() -> parse("{\"op\":\"read-composite\",\"paths\":[\"/3/0\",\"/3/0/1\"]}"))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> parse("{\"op\":\"observe-composite\",\"paths\":[1]}"))
                .hasMessageContaining("must contain strings");
    }

    @Test
    void write_composite_takes_its_paths_from_the_values() throws Exception {
        Command c = parse("{\"op\":\"write-composite\",\"values\":{\"/3/0/14\":\"+01\",\"/1/0/1\":60}}");
        assertThat(c.paths()).extracting(Object::toString).containsExactly("/3/0/14", "/1/0/1");
        assertThatThrownBy(() -> parse("{\"op\":\"write-composite\"}")).hasMessageContaining("needs \"values\"");
    }

    @Test
    void paths_must_be_absolute_decimal_and_at_most_four_levels() {
        assertThatThrownBy(() -> parse("{\"op\":\"read\",\"path\":\"3/0\"}")).hasMessageContaining("bad path '3/0'");
        assertThatThrownBy(() -> parse("{\"op\":\"read\",\"path\":\"/3/0/0/0/0\"}")).hasMessageContaining("bad path");
        assertThatThrownBy(() -> parse("{\"op\":\"read\",\"path\":\"/70000\"}")).hasMessageContaining("bad path");
        assertThatThrownBy(() -> parse("{\"op\":\"read\",\"path\":7}")).hasMessageContaining("must be a string");
    }

    @Test
    void an_op_that_is_not_a_string_is_refused() {
        assertThatThrownBy(() -> parse("{\"op\":1}")).hasMessageContaining("\"op\" must be a string");
    }
}
