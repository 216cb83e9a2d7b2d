package dev.estuary.plugin.meter;

import dev.estuary.adapter.tcp.sdk.DeviceLink;
import dev.estuary.adapter.tcp.sdk.DownlinkRejectedException;
import dev.estuary.adapter.tcp.sdk.VendorHandler;
import dev.estuary.adapter.tcp.sdk.VendorLogin;
import dev.estuary.core.spi.DeviceMessage;
import dev.estuary.core.spi.DeviceRefusedException;
import dev.estuary.core.spi.Uplink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the meter's frames mean. LOGIN opens the device (address as device id and username, the 8-byte password);
 * READING becomes an uplink on channel {@code reading} (JSON) and keeps the relay state in the status; HEARTBEAT
 * only keeps the connection alive; a downlink on channel {@code relay} ({@code on}/{@code off}, as text or as
 * {@code {"relay":"on"}}) becomes a RELAY frame whose sequence number is the message id, settled by RELAY_ACK.
 */
final class MeterHandler implements VendorHandler<MeterFrame> {
    private static final Pattern JSON_RELAY = Pattern.compile("\"relay\"\\s*:\\s*\"(on|off)\"",
            Pattern.CASE_INSENSITIVE);

    private final DeviceLink<MeterFrame> link;
    private String address;
    private Boolean relayOn;

    MeterHandler(DeviceLink<MeterFrame> link) {
        this.link = link;
    }

    @Override
    public void onMessage(MeterFrame f) {
        if (address == null) {
            login(f);
            return;
        }
        if (!f.address().equals(address) || link.deviceId() == null) {
            link.close(null, "frame for meter " + f.address() + " on the connection of meter " + address);
            return;
        }
        switch (f.control()) {
            case MeterFrame.READING -> reading(MeterReading.parse(f.data()));
            case MeterFrame.RELAY_ACK -> relayAck(f);
            case MeterFrame.HEARTBEAT -> { }
            default -> link.close(null, String.format("unexpected control code 0x%02x", f.control()));
        }
    }

    private void login(MeterFrame f) {
        if (f.control() != MeterFrame.LOGIN) {
            link.close(null, String.format("control code 0x%02x before LOGIN", f.control()));
            return;
        }
        address = f.address();
        byte[] d = f.data();
        int end = 0;
        while (end < 8 && d[end] != 0) {
            end++;
        }
        byte[] password = Arrays.copyOf(d, end);
        String firmware = (d[8] & 0xFF) + "." + (d[9] & 0xFF);
        link.login(new VendorLogin(address, address, password, Map.of("model", "EM-24", "firmware", firmware)))
                .whenComplete((ok, err) -> {
                    if (err == null) {
                        link.send(MeterFrame.of(address, MeterFrame.LOGIN_ACK, f.seq(), 0));
                    } else {
                        link.close(MeterFrame.of(address, MeterFrame.LOGIN_ACK, f.seq(), loginResult(err)),
                                "login refused: " + err.getMessage());
                    }
                });
    }

    /** LOGIN_ACK result codes: 1 bad password, 2 not allowed, 3 busy. */
    private static int loginResult(Throwable err) {
        if (err instanceof DeviceRefusedException r) {
            return switch (r.reason()) {
                case BAD_CREDENTIALS -> 1;
                case NOT_AUTHORIZED, INVALID_ID -> 2;
                case UNAVAILABLE -> 3;
            };
        }
        return 3;
    }

    private void reading(MeterReading r) {
        link.uplink(Uplink.of(r.json().getBytes(StandardCharsets.UTF_8)).channel("reading")
                .contentType("application/json"));
        relay(r.relayOn());
    }

    private void relay(boolean on) {
        if (relayOn == null || relayOn != on) {
            relayOn = on;
            link.status(Map.of("relay", on ? "on" : "off"));
        }
    }

    private void relayAck(MeterFrame f) {
        boolean done = f.data()[0] == 0;
        boolean on = f.data()[1] != 0;
        if (done) {
            link.downlinkAcked(f.seq(), ("relay " + (on ? "on" : "off")).getBytes(StandardCharsets.UTF_8));
        } else {
            link.downlinkRefused(f.seq(), "the meter refused to switch (tamper lock)");
        }
        relay(on);
    }

    @Override
    public MeterFrame onDownlink(DeviceMessage m, int messageId) throws DownlinkRejectedException {
        if (!"relay".equals(m.channel())) {
            throw new DownlinkRejectedException("unknown channel '" + m.channel() + "': the meter accepts 'relay'");
        }
        String text = m.payloadText().trim();
        Matcher json = JSON_RELAY.matcher(text);
        String state = json.find() ? json.group(1) : text;
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "on" -> MeterFrame.of(address, MeterFrame.RELAY, messageId, 1);
            case "off" -> MeterFrame.of(address, MeterFrame.RELAY, messageId, 0);
            default -> throw new DownlinkRejectedException("relay state must be 'on' or 'off', got '" + text + "'");
        };
    }
}
