package dev.estuary.adapter.lorawan.chirpstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.BadInputException;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.chirpstack.ProtoSchema.Field;
import dev.estuary.adapter.lorawan.chirpstack.ProtoSchema.Msg;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;

/**
 * ChirpStack's Protobuf marshaler: reads an integration event in protobuf wire format and rewrites it in the
 * proto3 JSON form ChirpStack's JSON marshaler produces (camelCase, base64 bytes, enum names, RFC 3339 timestamps,
 * default values left out), so that {@link ChirpStackEvents} handles both the same way. Schema-driven
 * ({@link ProtoSchema}) rather than generated: the adapter needs eight messages, not protobuf-java and protoc.
 */
public final class ChirpStackProtobuf {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ChirpStackProtobuf() {
    }

    /** Decodes the event {@code event} ({@code up}, {@code join}...). */
    public static ObjectNode toJson(String event, byte[] bytes) throws BadInputException {
        Msg type = ProtoSchema.EVENTS.get(event);
        if (type == null) {
            throw new BadInputException("unknown ChirpStack event '" + event + "'");
        }
        return message(new ProtoReader(bytes, 0, bytes.length), type);
    }

    private static ObjectNode message(ProtoReader r, Msg type) throws BadInputException {
        ObjectNode o = Json.object();
        while (r.more()) {
            long tag = r.varint();
            int number = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            Field f = type.fields.get(number);
            if (f == null) {
                r.skip(wire);
                continue;
            }
            JsonNode v = value(r, f, wire);
            if (f.repeated()) {
                JsonNode arr = o.get(f.json());
                (arr == null ? o.putArray(f.json()) : (ArrayNode) arr).add(v);
            } else if (f.type() == ProtoSchema.Type.STRING_MAP) {
                ObjectNode map = o.has(f.json()) ? (ObjectNode) o.get(f.json()) : o.putObject(f.json());
                map.setAll((ObjectNode) v);
            } else {
                o.set(f.json(), v);
            }
        }
        return o;
    }

    private static JsonNode value(ProtoReader r, Field f, int wire) throws BadInputException {
        switch (f.type()) {
            case STRING:
                expect(f, wire, ProtoReader.LEN);
                return F.textNode(new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8));
            case BYTES:
                expect(f, wire, ProtoReader.LEN);
                return F.textNode(Base64.getEncoder().encodeToString(r.bytes()));
            case BOOL:
                expect(f, wire, ProtoReader.VARINT);
                return F.booleanNode(r.varint() != 0);
            case UINT32:
                expect(f, wire, ProtoReader.VARINT);
                return F.numberNode(r.varint() & 0xffffffffL);
            case INT32:
                expect(f, wire, ProtoReader.VARINT);
                return F.numberNode((int) r.varint());
            case FLOAT:
                expect(f, wire, ProtoReader.FIXED32);
                return F.numberNode(new BigDecimal(Float.toString(Float.intBitsToFloat(r.fixed32()))));
            case DOUBLE:
                expect(f, wire, ProtoReader.FIXED64);
                return F.numberNode(Double.longBitsToDouble(r.fixed64()));
            case ENUM: {
                expect(f, wire, ProtoReader.VARINT);
                int n = (int) r.varint();
                return n >= 0 && n < f.enumValues().size() ? F.textNode(f.enumValues().get(n)) : F.numberNode(n);
            }
            case MESSAGE:
                expect(f, wire, ProtoReader.LEN);
                return message(r.sub(), f.message());
            case STRING_MAP:
                expect(f, wire, ProtoReader.LEN);
                return mapEntry(r.sub());
            case TIMESTAMP:
                expect(f, wire, ProtoReader.LEN);
                return timestamp(r.sub());
            case DURATION:
                expect(f, wire, ProtoReader.LEN);
                return duration(r.sub());
            case STRUCT:
                expect(f, wire, ProtoReader.LEN);
                return struct(r.sub());
            default:
                throw new IllegalStateException(f.type().toString());
        }
    }

    private static void expect(Field f, int wire, int expected) throws BadInputException {
        if (wire != expected) {
            throw new BadInputException("protobuf: field " + f.json() + " has wire type " + wire + ", expected "
                    + expected);
        }
    }

    private static ObjectNode mapEntry(ProtoReader r) throws BadInputException {
        String key = "";
        String value = "";
        while (r.more()) {
            long tag = r.varint();
            int n = (int) (tag >>> 3);
            if (n == 1 && (tag & 7) == ProtoReader.LEN) {
                key = new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8);
            } else if (n == 2 && (tag & 7) == ProtoReader.LEN) {
                value = new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8);
            } else {
                r.skip((int) (tag & 7));
            }
        }
        ObjectNode o = Json.object();
        o.put(key, value);
        return o;
    }

    private static JsonNode timestamp(ProtoReader r) throws BadInputException {
        long[] sn = secondsNanos(r);
        return F.textNode(Instant.ofEpochSecond(sn[0], sn[1]).toString());
    }

    private static JsonNode duration(ProtoReader r) throws BadInputException {
        long[] sn = secondsNanos(r);
        if (sn[1] == 0) {
            return F.textNode(sn[0] + "s");
        }
        BigDecimal d = BigDecimal.valueOf(sn[0]).add(BigDecimal.valueOf(sn[1], 9)).stripTrailingZeros();
        return F.textNode(d.toPlainString() + "s");
    }

    private static long[] secondsNanos(ProtoReader r) throws BadInputException {
        long seconds = 0;
        long nanos = 0;
        while (r.more()) {
            long tag = r.varint();
            int n = (int) (tag >>> 3);
            if (n == 1 && (tag & 7) == ProtoReader.VARINT) {
                seconds = r.varint();
            } else if (n == 2 && (tag & 7) == ProtoReader.VARINT) {
                nanos = (int) r.varint();
            } else {
                r.skip((int) (tag & 7));
            }
        }
        return new long[] {seconds, nanos};
    }

    /** google.protobuf.Struct: {@code map<string, Value> fields = 1}. */
    private static ObjectNode struct(ProtoReader r) throws BadInputException {
        ObjectNode o = Json.object();
        while (r.more()) {
            long tag = r.varint();
            if ((tag >>> 3) == 1 && (tag & 7) == ProtoReader.LEN) {
                ProtoReader entry = r.sub();
                String key = "";
                JsonNode value = F.nullNode();
                while (entry.more()) {
                    long t = entry.varint();
                    if ((t >>> 3) == 1 && (t & 7) == ProtoReader.LEN) {
                        key = new String(entry.bytes(), java.nio.charset.StandardCharsets.UTF_8);
                    } else if ((t >>> 3) == 2 && (t & 7) == ProtoReader.LEN) {
                        value = structValue(entry.sub());
                    } else {
                        entry.skip((int) (t & 7));
                    }
                }
                o.set(key, value);
            } else {
                r.skip((int) (tag & 7));
            }
        }
        return o;
    }

    /** google.protobuf.Value: null 1, number 2, string 3, bool 4, struct 5, list 6. */
    private static JsonNode structValue(ProtoReader r) throws BadInputException {
        JsonNode v = F.nullNode();
        while (r.more()) {
            long tag = r.varint();
            int n = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (n == 1 && wire == ProtoReader.VARINT) {
                r.varint();
                v = F.nullNode();
            } else if (n == 2 && wire == ProtoReader.FIXED64) {
                v = F.numberNode(Double.longBitsToDouble(r.fixed64()));
            } else if (n == 3 && wire == ProtoReader.LEN) {
                v = F.textNode(new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8));
            } else if (n == 4 && wire == ProtoReader.VARINT) {
                v = F.booleanNode(r.varint() != 0);
            } else if (n == 5 && wire == ProtoReader.LEN) {
                v = struct(r.sub());
            } else if (n == 6 && wire == ProtoReader.LEN) {
                ProtoReader list = r.sub();
                ArrayNode arr = F.arrayNode();
                while (list.more()) {
                    long t = list.varint();
                    if ((t >>> 3) == 1 && (t & 7) == ProtoReader.LEN) {
                        arr.add(structValue(list.sub()));
                    } else {
                        list.skip((int) (t & 7));
                    }
                }
                v = arr;
            } else {
                r.skip(wire);
            }
        }
        return v;
    }
}
