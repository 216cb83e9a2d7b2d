package dev.estuary.adapter.coap;

import dev.estuary.core.spi.AdapterMetrics;

/** The adapter's counters, exported as {@code estuary_adapter_coap_*}. */
public final class CoapMetrics {
    private final AdapterMetrics.Counter requests;
    private final AdapterMetrics.Counter publishes;
    private final AdapterMetrics.Counter notifications;
    private final AdapterMetrics.Counter droppedNotifications;
    private final AdapterMetrics.Counter droppedDownlinks;
    private final AdapterMetrics.Counter clientErrors;
    private final AdapterMetrics.Counter authFailures;
    private final AdapterMetrics.Counter aclDenials;
    private final AdapterMetrics.Counter overloaded;
    private final AdapterMetrics.Counter malformed;
    private final AdapterMetrics.Counter internalErrors;

    public CoapMetrics(AdapterMetrics m) {
        requests = m.counter("requests", "CoAP requests received by the adapter's resources");
        publishes = m.counter("publishes", "messages published into MQTT from CoAP (/ps and /up)");
        notifications = m.counter("notifications", "Observe notifications sent to devices");
        droppedNotifications = m.counter("notifications_dropped",
                "messages for an observation that had already ended");
        droppedDownlinks = m.counter("downlinks_dropped", "downlinks for devices that do not observe /down");
        clientErrors = m.counter("client_errors", "requests answered with 4.xx");
        authFailures = m.counter("auth_failures", "requests answered 4.01 (bad credentials, unknown token)");
        aclDenials = m.counter("acl_denials", "requests answered 4.03 (ACL)");
        overloaded = m.counter("overloaded", "requests answered 5.03 because the adapter was overloaded");
        malformed = m.counter("malformed", "datagrams that were not valid CoAP messages");
        internalErrors = m.counter("internal_errors", "requests answered 5.00 (a bug: see the log)");
    }

    public void request() {
        requests.increment();
    }

    public void published() {
        publishes.increment();
    }

    public void notification() {
        notifications.increment();
    }

    public void droppedNotification() {
        droppedNotifications.increment();
    }

    public void droppedDownlink() {
        droppedDownlinks.increment();
    }

    public void clientError() {
        clientErrors.increment();
    }

    public void authFailure() {
        authFailures.increment();
    }

    public void aclDenial() {
        aclDenials.increment();
    }

    public void overloaded() {
        overloaded.increment();
    }

    public void malformed() {
        malformed.increment();
    }

    public void internalError() {
        internalErrors.increment();
    }
}
