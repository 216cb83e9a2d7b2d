package dev.estuary.adapter.coap.codec;

import dev.estuary.core.spi.DeviceMessage;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;

/**
 * An MQTT message as a CoAP 2.05 response or notification: the payload as it is, its content type as
 * Content-Format, the MQTT topic in option {@value MqttOptions#TOPIC_NUMBER} and a downlink's channel in option
 * {@value MqttOptions#CHANNEL_NUMBER}; or, on request, the {@link Envelope} as application/json.
 */
public final class Messages {
    private Messages() {
    }

    public static Response content(DeviceMessage m) {
        Response r = new Response(ResponseCode.CONTENT);
        r.setPayload(m.payload());
        int cf = ContentFormats.toContentFormat(m.contentType());
        if (cf != MediaTypeRegistry.UNDEFINED) {
            r.getOptions().setContentFormat(cf);
        }
        options(r, m);
        return r;
    }

    public static Response envelope(DeviceMessage m) {
        Response r = new Response(ResponseCode.CONTENT);
        r.setPayload(Envelope.json(m));
        r.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        options(r, m);
        return r;
    }

    private static void options(Response r, DeviceMessage m) {
        r.getOptions().addOption(MqttOptions.topic(m.topic()));
        if (m.channel() != null) {
            r.getOptions().addOption(MqttOptions.channel(m.channel()));
        }
    }
}
