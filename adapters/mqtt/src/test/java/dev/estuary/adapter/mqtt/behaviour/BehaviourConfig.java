package dev.estuary.adapter.mqtt.behaviour;

import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.config.MqueueConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds an {@link MqttConfig} that differs from the defaults only in the keys a behaviour test sets; every other
 * record component is passed as null so that the record applies its documented default. Components are matched by
 * name through the canonical constructor, so keys added to the record later need no change here.
 */
final class BehaviourConfig {
    private final Map<String, Object> values = new HashMap<>();
    private Integer mqueueMaxLen;
    private Boolean storeQos0;

    static BehaviourConfig mqtt() {
        return new BehaviourConfig();
    }

    BehaviourConfig maxQosAllowed(int v) {
        values.put("maxQosAllowed", v);
        return this;
    }

    BehaviourConfig idleTimeout(Duration v) {
        values.put("idleTimeout", v);
        return this;
    }

    BehaviourConfig serverKeepalive(int v) {
        values.put("serverKeepalive", v);
        return this;
    }

    BehaviourConfig maxInflight(int v) {
        values.put("maxInflight", v);
        return this;
    }

    /** {@code mqueue.max_len}; 0 for unlimited. */
    BehaviourConfig mqueueMaxLen(int v) {
        this.mqueueMaxLen = v;
        return this;
    }

    /** {@code mqueue.store_qos0}. */
    BehaviourConfig storeQos0(boolean v) {
        this.storeQos0 = v;
        return this;
    }

    MqttConfig build() {
        Map<String, Object> all = new HashMap<>(values);
        all.put("mqueue", new MqueueConfig(mqueueMaxLen, storeQos0));
        RecordComponent[] components = MqttConfig.class.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = all.remove(components[i].getName());
        }
        if (!all.isEmpty()) {
            throw new IllegalStateException("MqttConfig has no components " + all.keySet());
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return MqttConfig.class.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                    : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build MqttConfig", e);
        }
    }
}
