package dev.estuary.adapter.mqtt.transport;

import dev.estuary.core.config.TlsConfig;

/**
 * Run in a child JVM without BouncyCastle on the class path, as the gateway is deployed (BouncyCastle is only a
 * test dependency, and Netty reads more key formats when it is present). Each argument is
 * {@code certfile,keyfile[,password]}; prints one line per argument: {@code ok} or {@code error: <message>}.
 */
public final class TlsKeyProbe {
    private TlsKeyProbe() {
    }

    public static void main(String[] args) {
        for (String arg : args) {
            String[] f = arg.split(",", -1);
            TlsConfig tls = new TlsConfig(f[0], f[1], f.length > 2 && !f[2].isEmpty() ? f[2] : null, null, null,
                    null, null, null, null, null, null, null);
            try {
                TlsContextFactory.serverContext(tls);
                System.out.println("ok");
            } catch (RuntimeException e) {
                System.out.println("error: " + e.getMessage());
            }
        }
    }
}
