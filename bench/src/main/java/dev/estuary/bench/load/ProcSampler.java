package dev.estuary.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from Linux {@code /proc}: the broker's (given its pid) and the
 * generator's own. {@code /proc/PID/stat} utime + stime cover every thread of the process, dead ones included, in
 * clock ticks (10 ms at the usual USER_HZ of 100).
 */
final class ProcSampler {
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long pid;

    ProcSampler(long pid) {
        this.pid = pid;
    }

    static ProcSampler self() {
        return new ProcSampler(ProcessHandle.current().pid());
    }

    boolean alive() {
        return Files.exists(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** Total CPU time (user + system) in nanoseconds, or -1 when it cannot be read. */
    long cpuNanos() {
        if (pid == ProcessHandle.current().pid()) {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean) {
                return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
            }
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may contain spaces: fields are counted after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return ticks * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size in KiB, or -1 when it cannot be read. */
    long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** A point-in-time reading of both. */
    Sample sample() {
        return new Sample(System.nanoTime(), cpuNanos(), rssKib());
    }

    /** CPU and RSS at one instant. */
    record Sample(long atNanos, long cpuNanos, long rssKib) {
        /** CPU used between {@code earlier} and this sample as a percentage of one core. */
        double cpuPercentSince(Sample earlier) {
            long wall = atNanos - earlier.atNanos;
            return cpuNanos < 0 || earlier.cpuNanos < 0 || wall <= 0 ? -1
                    : 100.0 * (cpuNanos - earlier.cpuNanos) / wall;
        }

        long cpuNanosSince(Sample earlier) {
            return cpuNanos < 0 || earlier.cpuNanos < 0 ? -1 : cpuNanos - earlier.cpuNanos;
        }
    }
}
