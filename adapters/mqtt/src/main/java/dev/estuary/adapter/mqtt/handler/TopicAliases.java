package dev.estuary.adapter.mqtt.handler;

import java.util.HashMap;

/**
 * MQTT 5 topic aliases (MQTT 5.0 §3.3.2.3.4), both directions, per connection. Inbound: the client's alias
 * numbers up to our Topic Alias Maximum. Outbound: aliases we assign, up to the client's Topic Alias Maximum,
 * first come first served; topics beyond the limit are sent in full.
 */
public final class TopicAliases {
    private HashMap<Integer, String> inbound;
    private HashMap<String, Integer> outbound;
    private int outboundMax;

    /** Sets the client's Topic Alias Maximum (0 disables outbound aliases). */
    public void outboundMaximum(int max) {
        this.outboundMax = max;
    }

    /**
     * Records an inbound alias; {@code alias} is within 1..max (checked by the caller). A map, not an array of
     * {@code max} slots: with the default maximum of 65535 an array would cost 256 KB per connection.
     */
    public void setInbound(int alias, String topic, int max) {
        if (inbound == null) {
            inbound = new HashMap<>();
        }
        inbound.put(alias, topic);
    }

    /** The topic of an inbound alias, or null when the client never set it. */
    public String inbound(int alias) {
        return inbound == null ? null : inbound.get(alias);
    }

    /** The alias already assigned to {@code topic}, or 0. */
    public int outboundExisting(String topic) {
        if (outbound == null) {
            return 0;
        }
        Integer a = outbound.get(topic);
        return a == null ? 0 : a;
    }

    /** The alias to assign to {@code topic} now, or 0 when none is left. Call {@link #assign} to commit it. */
    public int outboundNext() {
        int used = outbound == null ? 0 : outbound.size();
        return used < outboundMax ? used + 1 : 0;
    }

    public void assign(String topic, int alias) {
        if (outbound == null) {
            outbound = new HashMap<>();
        }
        outbound.put(topic, alias);
    }
}
