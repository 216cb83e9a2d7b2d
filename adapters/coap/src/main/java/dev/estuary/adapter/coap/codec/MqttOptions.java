package dev.estuary.adapter.coap.codec;

import org.eclipse.californium.core.coap.Option;
import org.eclipse.californium.core.coap.option.MapBasedOptionRegistry;
import org.eclipse.californium.core.coap.option.OptionRegistry;
import org.eclipse.californium.core.coap.option.StandardOptionRegistry;
import org.eclipse.californium.core.coap.option.StringOptionDefinition;

/**
 * The CoAP options the adapter adds to notifications and retained responses so a device can tell messages apart.
 * Both numbers are in the experimental range (RFC 7252 §12.2: 65000-65535) and elective, safe-to-forward and
 * cacheable (§5.4.6), so a device that does not know them simply ignores them.
 * <ul>
 *   <li>{@value #TOPIC_NUMBER} {@code MQTT-Topic}: the MQTT topic the message was published to;</li>
 *   <li>{@value #CHANNEL_NUMBER} {@code Channel}: for {@code /down} notifications, the downlink channel (the part
 *       of the topic after {@code down/}); absent for {@code down} itself.</li>
 * </ul>
 */
public final class MqttOptions {
    public static final int TOPIC_NUMBER = 65000;
    public static final int CHANNEL_NUMBER = 65004;
    /** Topics are at most 65535 bytes in MQTT; CoAP options fit up to 65804, so no length limit is needed. */
    public static final StringOptionDefinition TOPIC = new StringOptionDefinition(TOPIC_NUMBER, "MQTT-Topic", true);
    public static final StringOptionDefinition CHANNEL = new StringOptionDefinition(CHANNEL_NUMBER, "Channel", true);
    /** Californium's standard options plus ours, for endpoints that parse them. */
    public static final OptionRegistry REGISTRY = new MapBasedOptionRegistry(
            StandardOptionRegistry.getDefaultOptionRegistry(), TOPIC, CHANNEL);

    private MqttOptions() {
    }

    public static Option topic(String topic) {
        return TOPIC.create(topic);
    }

    public static Option channel(String channel) {
        return CHANNEL.create(channel);
    }
}
