package dev.estuary.core.routing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A subscriber that records what the router hands it; online, bridge flags are settable. */
class TestSubscriber implements Subscriber {
    private final String clientId;
    volatile boolean online = true;
    volatile boolean bridge;
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    TestSubscriber(String clientId) {
        this.clientId = clientId;
    }

    static TestSubscriber offline(String clientId) {
        TestSubscriber s = new TestSubscriber(clientId);
        s.online = false;
        return s;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public boolean isOnline() {
        return online;
    }

    @Override
    public boolean isBridge() {
        return bridge;
    }

    @Override
    public void deliver(Delivery delivery) {
        deliveries.add(delivery);
    }

    Subscription sub(String filter) {
        return sub(filter, 0);
    }

    Subscription sub(String filter, int qos) {
        return new Subscription(this, filter, null, SubscriptionOptions.qos(qos), 0);
    }

    Subscription shared(String group, String filter) {
        return new Subscription(this, filter, group, SubscriptionOptions.qos(1), 0);
    }

    @Override
    public String toString() {
        return clientId;
    }
}
