package io.llmrouter.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * The router's warm overhead measured in pairs: each round sends the same request straight to the
 * upstream and through the router, back to back (alternating which goes first), so that both see the
 * same upstream and machine state. On a shared 2-core machine the upstream's own time drifts by
 * milliseconds between separate JMH runs; the per-pair difference does not. Also reported: the router's
 * own time per request (its handling minus the time inside upstream attempts), as its metrics record it.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.llmrouter.benchmarks.PairedRouteOverhead [pairs]}
 */
public final class PairedRouteOverhead {

    private PairedRouteOverhead() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        RouteOverheadBenchmark bench = new RouteOverheadBenchmark();
        bench.setUp();
        try {
            measure("llama-server cluster", pairs, bench, bench::direct, bench::routed);
            measure("Anthropic (translated)", pairs, bench, bench::directAnthropic, bench::routedAnthropic);
        } finally {
            bench.tearDown();
        }
        System.exit(0);
    }

    @FunctionalInterface
    interface Call {
        int run() throws Exception;
    }

    private static void measure(String what, int pairs, RouteOverheadBenchmark bench, Call direct, Call routed)
            throws Exception {
        for (int i = 0; i < pairs / 5; i++) {   // warm-up: JIT, connection pools, upstream caches
            direct.run();
            routed.run();
        }
        long[] straight = new long[pairs];
        long[] through = new long[pairs];
        long[] difference = new long[pairs];
        long[] internal = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            boolean directFirst = (i & 1) == 0;
            long a = directFirst ? time(direct) : time(routed);
            long b = directFirst ? time(routed) : time(direct);
            straight[i] = directFirst ? a : b;
            through[i] = directFirst ? b : a;
            difference[i] = through[i] - straight[i];
            internal[i] = bench.lastOverheadNanos;
        }
        System.out.println(what + ", " + pairs + " pairs (µs):");
        row("direct", straight);
        row("routed", through);
        row("routed - direct, per pair", difference);
        row("router's own time", internal);
    }

    private static long time(Call call) throws Exception {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    private static void row(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "  %-26s p50 %8.1f  p90 %8.1f  p99 %8.1f  mean %8.1f", name,
                at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), Arrays.stream(nanos).average().orElse(0) / 1000));
    }

    private static double at(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
    }
}
