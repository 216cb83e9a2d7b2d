package dev.estuary.adapter.lwm2m;

import dev.estuary.adapter.lwm2m.command.CommandParser;
import dev.estuary.adapter.lwm2m.device.CommandRunner;
import dev.estuary.adapter.lwm2m.device.Lifecycle;
import dev.estuary.adapter.lwm2m.device.NativeCommands;
import dev.estuary.adapter.lwm2m.device.SendWakesDevice;
import dev.estuary.adapter.lwm2m.device.ServerPresence;
import dev.estuary.adapter.lwm2m.emqx.EmqxMode;
import dev.estuary.adapter.lwm2m.security.CredentialSecurityStore;
import dev.estuary.adapter.lwm2m.security.DeviceAuthorizer;
import dev.estuary.adapter.lwm2m.security.Lwm2mCredentials;
import dev.estuary.adapter.lwm2m.server.LeshanServerFactory;
import dev.estuary.adapter.lwm2m.server.ModelLoader;
import dev.estuary.adapter.lwm2m.server.ServerKeys;
import dev.estuary.adapter.lwm2m.uplink.AutoObserver;
import dev.estuary.adapter.lwm2m.uplink.ObservationUplinks;
import dev.estuary.adapter.lwm2m.uplink.Uplinks;
import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.ProtocolAdapter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.endpoint.LwM2mServerEndpoint;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter {@code lwm2m}: an LwM2M 1.0/1.1 server (Eclipse Leshan over Californium) whose endpoints are device
 * sessions of the gateway. Registrations become {@code devices/lwm2m/{endpoint}/status} and
 * {@code events/registered|updated|deregistered}; JSON commands on {@code devices/lwm2m/{endpoint}/down} become
 * LwM2M requests answered on the requester's response topic or {@code .../reply}; observations and Sends become
 * uplinks on {@code .../up/{object}/{instance}/{resource}}. See {@code docs/adapters/lwm2m.md}.
 */
@Extension
public class Lwm2mAdapter implements ProtocolAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(Lwm2mAdapter.class);

    private volatile LeshanServer server;
    private volatile Lifecycle lifecycle;
    private volatile ServerPresence presence;

    @Override
    public String id() {
        return "lwm2m";
    }

    @Override
    public void start(AdapterContext context) {
        Lwm2mConfig config = Lwm2mConfig.from(context.config());
        java.util.List<ObjectModel> models = ModelLoader.load(config.modelsDir(), context.config().keyPath("models_dir"));
        CommandParser parser = new CommandParser(config.requestTimeout(), config.maxRequestTimeout());
        Lwm2mCredentials credentials = new Lwm2mCredentials(context.store());
        CredentialSecurityStore security = new CredentialSecurityStore(credentials);
        Lifecycle life = new Lifecycle(context, config.authTimeout());
        ServerKeys keys = config.dtls().listener().enabled()
                ? ServerKeys.load(config.dtls(), context.dataDirectory(), context.config().keyPath("dtls")) : null;
        LeshanServer leshan = LeshanServerFactory.create(config, models, security,
                new DeviceAuthorizer(security, life), keys);

        Uplinks uplinks = new Uplinks(context.metrics());
        CommandRunner runner = new CommandRunner(leshan, context.scheduler(), config.queue(), context.metrics(),
                (ep, outcome) -> uplinks.publish(ep, outcome.values(), null, outcome.command().target()));
        life.wire(runner, new NativeCommands(life, parser, runner),
                reg -> leshan.getRegistrationStore().removeRegistration(reg.getId()));
        AutoObserver auto = new AutoObserver(config.autoObserve(), config.requestTimeout());
        auto.wire(runner);
        life.addListener(auto);
        EmqxMode emqx = null;
        if (config.emqx().enabled()) {
            emqx = new EmqxMode(config.emqx().mountpoint(), context.topics(), parser);
            emqx.wire(runner);
            life.addListener(emqx);
            uplinks.addTap(emqx);
        }
        leshan.getRegistrationService().addListener(life);
        leshan.getPresenceService().addListener(life);
        ObservationUplinks observations = new ObservationUplinks(life, uplinks);
        leshan.getObservationService().addListener(observations);
        leshan.getSendService().addListener(observations);
        leshan.getSendService().addListener(new SendWakesDevice(leshan.getPresenceService()));

        leshan.start();
        this.server = leshan;
        this.lifecycle = life;

        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>(Map.of("coap", -1, "coaps", -1));
        for (LwM2mServerEndpoint e : leshan.getEndpoints()) {
            URI uri = e.getURI();
            details.put(uri.getScheme(), uri.getHost() + ":" + uri.getPort());
            ports.put(uri.getScheme(), uri.getPort());
        }
        int coapPort = ports.get("coap");
        int dtlsPort = ports.get("coaps");
        context.metrics().gauge("coap_port", "port of the LwM2M CoAP listener (-1: disabled)", () -> coapPort);
        context.metrics().gauge("dtls_port", "port of the LwM2M DTLS listener (-1: disabled)", () -> dtlsPort);
        if (keys != null && keys.publicKey() != null) {
            details.put("rpk", java.util.Base64.getEncoder().encodeToString(keys.publicKey().getEncoded()));
        }
        details.putAll(config.summary());
        ServerPresence sp = new ServerPresence(context, life, parser);
        EmqxMode emqxMode = emqx;
        sp.start(details, config.offlineReplies(), emqx == null ? null : emqx.anyEndpointCommands(),
                (session, message) -> emqxMode.offline(session, message, context.topics().decodeDeviceId(
                        endpointLevel(message.topic(), emqxMode.anyEndpointCommands()))));
        this.presence = sp;
        LOG.info("LwM2M server listening on {} with {} object models", details, models.size());
    }

    private static String endpointLevel(String topic, String filter) {
        String[] t = topic.split("/", -1);
        String[] f = filter.split("/", -1);
        for (int i = 0; i < f.length && i < t.length; i++) {
            if (f[i].equals("+")) {
                return t[i];
            }
        }
        return "";
    }

    @Override
    public void stop() {
        ServerPresence sp = presence;
        if (sp != null) {
            sp.stop();
            presence = null;
        }
        Lifecycle life = lifecycle;
        if (life != null) {
            life.closeAll("adapter stopped");
            lifecycle = null;
        }
        LeshanServer s = server;
        if (s != null) {
            server = null;
            s.destroy();
        }
    }
}
