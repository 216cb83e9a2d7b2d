package dev.estuary.core.testing;

import dev.estuary.core.auth.ClientAuthorizer;
import java.util.ArrayList;
import java.util.List;

/** A {@link ClientAuthorizer} that allows everything except topics or filters starting with the given prefixes. */
public final class DenyingAuthorizer implements ClientAuthorizer {
    private final List<String> publish = new ArrayList<>();
    private final List<String> subscribe = new ArrayList<>();
    private final List<String> receive = new ArrayList<>();

    public DenyingAuthorizer denyPublish(String prefix) {
        publish.add(prefix);
        return this;
    }

    public DenyingAuthorizer denySubscribe(String prefix) {
        subscribe.add(prefix);
        return this;
    }

    public DenyingAuthorizer denyReceive(String prefix) {
        receive.add(prefix);
        return this;
    }

    private static boolean allowed(List<String> denied, String topic) {
        return denied.stream().noneMatch(topic::startsWith);
    }

    @Override
    public boolean canPublish(String topic) {
        return allowed(publish, topic);
    }

    @Override
    public boolean canSubscribe(String filter) {
        return allowed(subscribe, filter);
    }

    @Override
    public boolean canReceive(String topic) {
        return allowed(receive, topic);
    }
}
