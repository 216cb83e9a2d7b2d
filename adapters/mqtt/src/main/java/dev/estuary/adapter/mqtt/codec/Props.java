package dev.estuary.adapter.mqtt.codec;

import dev.estuary.core.message.UserProperty;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing MQTT 5 properties on Netty's {@link MqttProperties} without casts at every call site. */
public final class Props {
    private Props() {
    }

    /** An integer property's value, or {@code def} when absent. */
    public static int intValue(MqttProperties props, MqttPropertyType type, int def) {
        MqttProperties.MqttProperty<?> p = props.getProperty(type.value());
        return p == null ? def : (Integer) p.value();
    }

    /** A four-byte integer property as an unsigned long, or {@code def} when absent. */
    public static long uintValue(MqttProperties props, MqttPropertyType type, long def) {
        MqttProperties.MqttProperty<?> p = props.getProperty(type.value());
        return p == null ? def : Integer.toUnsignedLong((Integer) p.value());
    }

    public static boolean has(MqttProperties props, MqttPropertyType type) {
        return props.getProperty(type.value()) != null;
    }

    public static String string(MqttProperties props, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> p = props.getProperty(type.value());
        return p == null ? null : (String) p.value();
    }

    public static byte[] binary(MqttProperties props, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> p = props.getProperty(type.value());
        return p == null ? null : (byte[]) p.value();
    }

    /** All values of a repeatable integer property (subscription identifiers). */
    public static List<Integer> ints(MqttProperties props, MqttPropertyType type) {
        List<Integer> out = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> p : props.getProperties(type.value())) {
            out.add((Integer) p.value());
        }
        return out;
    }

    public static List<UserProperty> userProperties(MqttProperties props) {
        List<? extends MqttProperties.MqttProperty> list = props.getProperties(MqttPropertyType.USER_PROPERTY.value());
        if (list.isEmpty()) {
            return List.of();
        }
        List<UserProperty> out = new ArrayList<>(list.size());
        for (MqttProperties.MqttProperty<?> p : list) {
            if (p instanceof MqttProperties.UserProperty) {
                MqttProperties.StringPair pair = ((MqttProperties.UserProperty) p).value();
                out.add(new UserProperty(pair.key, pair.value));
            } else if (p instanceof MqttProperties.UserProperties) {
                for (MqttProperties.StringPair pair : ((MqttProperties.UserProperties) p).value()) {
                    out.add(new UserProperty(pair.key, pair.value));
                }
            }
        }
        return out;
    }

    public static void addInt(MqttProperties props, MqttPropertyType type, int value) {
        props.add(new MqttProperties.IntegerProperty(type.value(), value));
    }

    public static void addString(MqttProperties props, MqttPropertyType type, String value) {
        props.add(new MqttProperties.StringProperty(type.value(), value));
    }

    public static void addBinary(MqttProperties props, MqttPropertyType type, byte[] value) {
        props.add(new MqttProperties.BinaryProperty(type.value(), value));
    }

    public static void addUserProperties(MqttProperties props, List<UserProperty> list) {
        if (!list.isEmpty()) {
            MqttProperties.UserProperties ups = new MqttProperties.UserProperties();
            for (UserProperty u : list) {
                ups.add(u.name(), u.value());
            }
            props.add(ups);
        }
    }
}
