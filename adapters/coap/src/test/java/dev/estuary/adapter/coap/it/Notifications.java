package dev.estuary.adapter.coap.it;

import dev.estuary.adapter.coap.codec.MqttOptions;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.Option;

/** Collects the responses of a Californium observation: the registration response first, then notifications. */
final class Notifications implements CoapHandler {
    private final LinkedBlockingQueue<CoapResponse> responses = new LinkedBlockingQueue<>();

    @Override
    public void onLoad(CoapResponse response) {
        responses.add(response);
    }

    @Override
    public void onError() {
        // a failed registration shows up as a missing response
    }

    void clear() {
        responses.clear();
    }

    CoapResponse next() throws InterruptedException {
        return next(Duration.ofSeconds(10));
    }

    CoapResponse next(Duration timeout) throws InterruptedException {
        CoapResponse r = responses.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no notification within " + timeout);
        }
        return r;
    }

    /** Proves that no notification arrives for {@code window}. */
    void assertNoneWithin(Duration window) throws InterruptedException {
        CoapResponse r = responses.poll(window.toMillis(), TimeUnit.MILLISECONDS);
        if (r != null) {
            throw new AssertionError("unexpected notification " + r.getCode() + " " + r.getResponseText());
        }
    }

    static String topic(CoapResponse r) {
        Option o = r.getOptions().getOtherOption(MqttOptions.TOPIC);
        return o == null ? null : o.getStringValue();
    }

    static String channel(CoapResponse r) {
        Option o = r.getOptions().getOtherOption(MqttOptions.CHANNEL);
        return o == null ? null : o.getStringValue();
    }
}
