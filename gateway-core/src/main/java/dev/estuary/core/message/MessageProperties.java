package dev.estuary.core.message;

import java.util.List;

/**
 * The MQTT 5 application-message properties that travel with a message from publisher to subscriber
 * (MQTT 5.0 §3.3.2.3). Absent values are {@code null}; a message without any uses {@link #NONE}.
 *
 * @param payloadFormatUtf8 true when the publisher declared the payload UTF-8 text (payload format indicator 1)
 * @param contentType       MIME-like content type, or null
 * @param responseTopic     response topic for request/response, or null
 * @param correlationData   correlation data, or null (never modified by the broker)
 * @param userProperties    user properties in publish order; never null
 */
public record MessageProperties(
        boolean payloadFormatUtf8,
        String contentType,
        String responseTopic,
        byte[] correlationData,
        List<UserProperty> userProperties) {

    public static final MessageProperties NONE = new MessageProperties(false, null, null, null, List.of());

    public MessageProperties {
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    /** True when no property is set, so encoders can skip the whole block. */
    public boolean isEmpty() {
        return !payloadFormatUtf8 && contentType == null && responseTopic == null
                && correlationData == null && userProperties.isEmpty();
    }

    public MessageProperties withUserProperties(List<UserProperty> props) {
        return new MessageProperties(payloadFormatUtf8, contentType, responseTopic, correlationData, props);
    }
}
