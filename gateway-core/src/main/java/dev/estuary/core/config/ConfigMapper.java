package dev.estuary.core.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * The one Jackson setup for configuration files: YAML, strict about unknown and duplicate keys and about
 * fractions where integers are expected, with {@link Durations} and {@link ByteSize} read and written the way the
 * documentation shows them ({@code 15s}, {@code never}, {@code 1MB}).
 */
final class ConfigMapper {
    private ConfigMapper() {
    }

    static ObjectMapper create() {
        YAMLFactory yaml = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .build();
        SimpleModule units = new SimpleModule("estuary-config-units");
        units.addDeserializer(Duration.class, new UnitDeserializer<>(Duration.class, Durations::parse));
        units.addSerializer(Duration.class, new DurationSerializer());
        units.addDeserializer(ByteSize.class, new UnitDeserializer<>(ByteSize.class, ByteSize::parse));
        return YAMLMapper.builder(yaml)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .addModule(units)
                .build();
    }

    /** Reads a number or a string with a unit; a parse failure becomes a type error at the key being read. */
    private static final class UnitDeserializer<T> extends JsonDeserializer<T> {
        private final Class<T> type;
        private final Function<Object, T> parse;

        UnitDeserializer(Class<T> type, Function<Object, T> parse) {
            this.type = type;
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            Object raw;
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                raw = p.getNumberValue();
            } else if (t == JsonToken.VALUE_STRING) {
                raw = p.getText();
            } else {
                return type.cast(ctxt.handleUnexpectedToken(type, p));
            }
            try {
                return parse.apply(raw);
            } catch (IllegalArgumentException | ArithmeticException e) {
                return type.cast(ctxt.handleWeirdStringValue(type, String.valueOf(raw), e.getMessage()));
            }
        }
    }

    /** Writes a duration as {@code 15s}, {@code 2h}, {@code never}. */
    private static final class DurationSerializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(Durations.format(value));
        }
    }
}
