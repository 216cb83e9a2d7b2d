package dev.estuary.adapter.lorawan.cli;

import dev.estuary.adapter.lorawan.Hex;
import dev.estuary.adapter.lorawan.abp.AbpDevice;
import dev.estuary.adapter.lorawan.abp.AbpKeyStore;
import dev.estuary.core.spi.AdapterCommand;
import dev.estuary.core.spi.CommandArgs;
import dev.estuary.core.spi.CommandContext;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code estuary lorawan abp add|del|list}: the session keys of ABP devices heard through the packet-forwarder
 * listener ({@link AbpKeyStore}). A running gateway picks a change up on the device's next frame (or within
 * {@code gwmp.abp_reload_interval}). {@code list} prints DevEUI, DevAddr and frame counters, never keys.
 */
@Extension
public class AbpCommand implements AdapterCommand {
    static final long MAX_FCNT = 0xffffffffL;
    static final String USAGE_TEXT = String.join(System.lineSeparator(),
            "usage: estuary lorawan abp add DEVEUI DEVADDR NWKSKEY APPSKEY [--fcnt-up N]",
            "       estuary lorawan abp del DEVEUI",
            "       estuary lorawan abp list",
            "DEVEUI is 16 hex digits, DEVADDR 8 hex digits (as the network shows it, most significant byte first),",
            "NWKSKEY and APPSKEY 32 hex digits each (LoRaWAN 1.0.x). add replaces a device's session and resets its",
            "frame counters; --fcnt-up N sets the last uplink FCnt the device already used (frames up to N are",
            "rejected as replays).");

    @Override
    public String adapterId() {
        return "lorawan";
    }

    @Override
    public String name() {
        return "abp";
    }

    @Override
    public String description() {
        return "ABP session keys of devices: add DEVEUI DEVADDR NWKSKEY APPSKEY [--fcnt-up N], del DEVEUI, list";
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        String verb = args.isEmpty() ? "" : args.get(0);
        if (verb.equals("-h") || verb.equals("--help") || verb.equals("help")) {
            context.out().println(USAGE_TEXT);
            return OK;
        }
        AbpKeyStore keys = new AbpKeyStore(context.store());
        try {
            CommandArgs a = CommandArgs.parse(args.subList(Math.min(1, args.size()), args.size()),
                    verb.equals("add") ? Set.of("--fcnt-up") : Set.of());
            switch (verb) {
                case "add":
                    return add(keys, a, context);
                case "del":
                    return del(keys, devEui(a.exactly("DEVEUI").get(0)), context);
                case "list":
                    a.exactly();
                    return list(keys, context.out());
                default:
                    throw new IllegalArgumentException(verb.isEmpty() ? "missing verb: add, del or list"
                            : "unknown verb '" + CommandArgs.printable(verb) + "': add, del or list");
            }
        } catch (IllegalArgumentException e) {
            context.err().println("estuary lorawan abp: " + CommandArgs.printable(e.getMessage()));
            context.err().println(USAGE_TEXT);
            return USAGE;
        }
    }

    private static int add(AbpKeyStore keys, CommandArgs a, CommandContext context) {
        List<String> p = a.exactly("DEVEUI", "DEVADDR", "NWKSKEY", "APPSKEY");
        AbpDevice device = AbpDevice.of(devEui(p.get(0)), p.get(1), p.get(2), p.get(3));
        OptionalLong fCntUp = fCnt(a.options().get("--fcnt-up"));
        boolean replaced = keys.get(device.devEui()).isPresent();
        keys.put(device);
        fCntUp.ifPresent(n -> keys.saveFCntUp(device.devEui(), n));
        context.out().println((replaced ? "replaced" : "added") + " ABP device " + device.devEui() + " (DevAddr "
                + device.devAddrHex() + ", " + (fCntUp.isPresent() ? "last uplink FCnt " + fCntUp.getAsLong()
                : "frame counters reset") + ")");
        for (AbpDevice other : keys.list()) {
            if (other.devAddr() == device.devAddr() && !other.devEui().equals(device.devEui())) {
                context.err().println("note: DevAddr " + device.devAddrHex() + " is also used by " + other.devEui()
                        + " (the MIC tells their frames apart)");
            }
        }
        return OK;
    }

    private static int del(AbpKeyStore keys, String devEui, CommandContext context) {
        if (!keys.delete(devEui)) {
            context.err().println("estuary lorawan abp: no ABP device " + devEui);
            return FAILED;
        }
        context.out().println("deleted ABP device " + devEui);
        return OK;
    }

    private static int list(AbpKeyStore keys, PrintWriter out) {
        List<AbpDevice> all = keys.list();
        Map<String, Long> up = keys.lastFCntsUp();
        Map<String, Long> down = keys.lastFCntsDown();
        out.printf("%-16s  %-8s  %10s  %10s%n", "DEVEUI", "DEVADDR", "FCNT_UP", "FCNT_DOWN");
        for (AbpDevice d : all) {
            out.printf("%-16s  %-8s  %10s  %10s%n", d.devEui(), d.devAddrHex(), counter(up.get(d.devEui())),
                    counter(down.get(d.devEui())));
        }
        out.println(all.size() + (all.size() == 1 ? " device" : " devices"));
        return OK;
    }

    private static String counter(Long v) {
        return v == null ? "-" : Long.toString(v);
    }

    private static String devEui(String s) {
        String eui = Hex.eui(s);
        if (eui == null) {
            throw new IllegalArgumentException("DevEUI must be 16 hex digits: " + CommandArgs.printable(s));
        }
        return eui;
    }

    private static OptionalLong fCnt(String s) {
        if (s == null) {
            return OptionalLong.empty();
        }
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > MAX_FCNT) {
            throw new IllegalArgumentException("--fcnt-up must be a frame counter 0.." + MAX_FCNT + ": "
                    + CommandArgs.printable(s));
        }
        return OptionalLong.of(n);
    }
}
