package dev.estuary.core.auth;

/**
 * The ACL decisions for one connected client. Created at connect and held by the session, so an implementation can
 * cache results per client; called on the session's lane, so it must answer from memory without blocking.
 */
public interface ClientAuthorizer {
    /** May the client publish to {@code topic} (also asked for will and retained messages)? */
    boolean canPublish(String topic);

    /** May the client subscribe to {@code filter} (the filter without any share prefix)? */
    boolean canSubscribe(String filter);

    /**
     * May the client receive a message on {@code topic}? Asked at delivery, so that a wildcard subscription
     * (e.g. {@code #}) never delivers a topic the client could not have subscribed to by name.
     */
    boolean canReceive(String topic);

    ClientAuthorizer ALLOW_ALL = new ClientAuthorizer() {
        @Override
        public boolean canPublish(String topic) {
            return true;
        }

        @Override
        public boolean canSubscribe(String filter) {
            return true;
        }

        @Override
        public boolean canReceive(String topic) {
            return true;
        }
    };
}
