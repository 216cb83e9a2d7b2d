package dev.estuary.adapter.lorawan.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.adapter.lorawan.Hex;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.core.spi.CodecContext;
import dev.estuary.core.spi.CodecException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cayenne LPP against the three published examples of {@code cayenne-lpp-examples.txt}, and back. */
@Timeout(10)
class CayenneLppCodecTest {
    private static final CodecContext CTX = new CodecContext("lorawan", "0101010101010101", 1, Map.of());
    private final CayenneLppCodec codec = new CayenneLppCodec();

    private static byte[] example(String id) {
        for (String block : Fixtures.text("cayenne-lpp-examples.txt").split("## ")) {
            if (block.startsWith(id + " ")) {
                for (String line : block.split("\n")) {
                    if (line.startsWith("hex: ")) {
                        return Hex.parse(line.substring(5));
                    }
                }
            }
        }
        throw new IllegalArgumentException(id);
    }

    @Test
    void e1_two_temperature_sensors() throws CodecException {
        Map<String, Object> d = codec.decode(example("E1"), CTX);
        assertThat(d).isEqualTo(Map.of("temperatureSensor", Map.of("3", 27.2, "5", 25.5)));
        assertThat(codec.encode(d, CTX)).isEqualTo(example("E1"));
    }

    @Test
    void e2_negative_temperature() throws CodecException {
        Map<String, Object> d = codec.decode(example("E2"), CTX);
        assertThat(d).isEqualTo(Map.of("temperatureSensor", Map.of("1", -4.1)));
        assertThat(codec.encode(d, CTX)).isEqualTo(example("E2"));
    }

    @Test
    void e3_accelerometer() throws CodecException {
        Map<String, Object> d = codec.decode(example("E3"), CTX);
        assertThat(d).isEqualTo(Map.of("accelerometer", Map.of("6", Map.of("x", 1.234, "y", -1.234, "z", 0.0))));
        assertThat(codec.encode(d, CTX)).isEqualTo(example("E3"));
    }

    @Test
    void every_type_round_trips() throws CodecException {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("digitalInput", Map.of("1", 1));
        in.put("digitalOutput", Map.of("2", 0));
        in.put("analogInput", Map.of("3", -12.34));
        in.put("analogOutput", Map.of("4", 3.3));
        in.put("illuminanceSensor", Map.of("5", 65000));
        in.put("presenceSensor", Map.of("6", 1));
        in.put("humiditySensor", Map.of("7", 55.5));
        in.put("barometer", Map.of("8", 1013.2));
        in.put("gyrometer", Map.of("9", Map.of("x", 1.5, "y", -2.25, "z", 0.01)));
        in.put("gpsLocation", Map.of("10", Map.of("latitude", 52.3655, "longitude", 4.8885, "altitude", 21.54)));
        assertThat(codec.decode(codec.encode(in, CTX), CTX)).isEqualTo(in);
    }

    @Test
    void chirpstack_downlink_object_example_encodes() throws CodecException {
        Map<String, Object> object = Map.of("temperatureSensor", Map.of("1", 25), "humiditySensor", Map.of("1", 32));
        byte[] b = codec.encode(new java.util.TreeMap<>(object), CTX);
        assertThat(Hex.of(b)).isEqualTo("016840" + "016700fa");
    }

    @Test
    void bad_frames_and_objects_are_refused_with_a_reason() {
        assertThatThrownBy(() -> codec.decode(Hex.parse("0367"), CTX)).hasMessageContaining("needs 2 bytes");
        assertThatThrownBy(() -> codec.decode(Hex.parse("03ff00"), CTX)).hasMessageContaining("unknown Cayenne LPP type");
        assertThatThrownBy(() -> codec.encode(Map.of("flux", Map.of("1", 1)), CTX)).hasMessageContaining("flux");
        assertThatThrownBy(() -> codec.encode(Map.of("temperatureSensor", Map.of("1", 5000)), CTX))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> codec.encode(Map.of("temperatureSensor", List.of(1)), CTX))
                .hasMessageContaining("keyed by channel");
    }
}
