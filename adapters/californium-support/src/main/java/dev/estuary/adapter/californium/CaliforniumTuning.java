package dev.estuary.adapter.californium;

import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * The Californium settings the CoAP and LwM2M adapters share, each found with a profile of the {@code bench/}
 * uplink loads (docs/benchmarks.md, docs/adapters/coap.md "Performance").
 */
public final class CaliforniumTuning {
    /** Messages remembered per device for duplicate detection (retransmissions of CON messages, RFC 7252 4.5). */
    public static final int DEDUP_MESSAGES_PER_DEVICE = 64;

    private CaliforniumTuning() {
    }

    /**
     * Duplicate detection bounded per device ({@code PEERS_MARK_AND_SWEEP}, the last {@value
     * #DEDUP_MESSAGES_PER_DEVICE} messages of each) instead of every message of the last 145-247 s, which at
     * thousands of messages per second keeps millions of exchanges alive for the collector to copy; and a socket
     * receive buffer of {@code receiveBuffer} bytes for UDP and DTLS, so datagrams arriving during a collection
     * pause or a burst wait instead of being dropped (Linux caps it at {@code net.core.rmem_max}).
     */
    public static void apply(Configuration c, int receiveBuffer) {
        c.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        c.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, DEDUP_MESSAGES_PER_DEVICE);
        c.set(UdpConfig.UDP_RECEIVE_BUFFER_SIZE, receiveBuffer);
        c.set(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE, receiveBuffer);
    }

    /**
     * Runs {@code server}'s protocol stage on the threads that hand it work ({@link CallerRunsExecutor}), timers on
     * a secondary scheduler named {@code name}; before the server starts. The server shuts both down when it is
     * destroyed.
     */
    public static void callerRunsStage(CoapServer server, String name) {
        ScheduledExecutorService timers = ExecutorsUtil.newDefaultSecondaryScheduler(name + "-timer#");
        server.setExecutors(new CallerRunsExecutor(timers), timers, false);
    }
}
