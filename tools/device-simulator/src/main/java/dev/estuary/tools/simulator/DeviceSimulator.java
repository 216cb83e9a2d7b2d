package dev.estuary.tools.simulator;

/**
 * Entry point: {@code java -jar estuary-device-simulator-all.jar [--load] [options]}. Demo mode connects N devices
 * that send readings and acknowledge downlinks; load mode measures uplinks per second through the framing (and,
 * with {@code --mqtt}, at an MQTT subscriber). Command-line output goes to stdout.
 */
public final class DeviceSimulator {
    private DeviceSimulator() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = new Options(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (o.flag("help")) {
            System.out.println(Options.USAGE);
            return;
        }
        if (o.flag("load")) {
            LoadRun.Result r = new LoadRun(LoadRun.Settings.from(o), System.out).run();
            System.out.println(r.summary());
        } else {
            new DemoRun(o, System.out).run();
        }
    }
}
