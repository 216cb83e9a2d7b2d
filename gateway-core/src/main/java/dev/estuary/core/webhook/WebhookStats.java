package dev.estuary.core.webhook;

/**
 * The counters of one receiver.
 *
 * @param url       the receiver
 * @param queued    events waiting now
 * @param sent      events delivered (answered 2xx)
 * @param failed    events given up after every retry failed
 * @param dropped   events dropped because the receiver's queue was full
 * @param retries   retried requests
 * @param inFlight  requests in progress now
 */
public record WebhookStats(String url, long queued, long sent, long failed, long dropped, long retries,
                           long inFlight) {
}
