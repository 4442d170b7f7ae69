package io.llmrouter.benchmarks.costmodel;

import io.llmrouter.replay.report.chart.LineChart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What the router itself costs at scale: dollars per million requests and execution environments for the route
 * function on on-demand Lambda and on Lambda Managed Instances, streamed and buffered, at a few request rates.
 * The hold times come from the Azure traces replayed through the replay's fleet model; the router's CPU time per
 * request and the snapshot reads are inputs, so that another design of either can be priced. Prints Markdown
 * tables and writes one SVG chart per hold-time source.
 *
 * <p>Run from the repository root after {@code mvn package}:
 * {@code java -cp benchmarks/target/benchmarks.jar io.llmrouter.benchmarks.costmodel.RouterCostModel
 * [--rcu 33] [--refresh 5] [--cpu-us 113] [--rates 10,100,1000] [--per-vcpu 32] [--policies router,always-premium]
 * [--trace FILE]... [--charts docs]}
 */
public final class RouterCostModel {

    static final List<String> DEFAULT_TRACES = List.of(
            "replay/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv",
            "replay/traces/azure-llm-2023/AzureLLMInferenceTrace_code.csv");
    /** The chart's x axis: every 10 req/s up to 1,000. */
    static final int CHART_STEP = 10;
    static final int CHART_MAX = 1_000;

    private RouterCostModel() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        CostModel model = new CostModel(Prices.US_EAST_1, new SnapshotReads(options.rcu, options.refreshSeconds),
                options.cpuMicros / 1e6);
        List<Deployment> deployments = deployments(options.perVcpu);
        Prices p = Prices.US_EAST_1;
        System.out.printf(Locale.ROOT, "inputs: snapshot %.1f RRU every %.1f s an environment; router CPU %.0f µs a"
                        + " request; Lambda $%.2f/M requests, $%.10f/GB-s arm64; LMI fee %.0f %%; HTTP API $%.2f/M;"
                        + " DynamoDB $%.3f/M RRU%n%n", options.rcu, options.refreshSeconds, options.cpuMicros,
                p.lambdaPerMillionRequests(), p.lambdaArmPerGbSecond(), p.managedInstancesFeeShare() * 100,
                p.httpApiPerMillionRequests(), p.dynamoDbPerMillionReadUnits());
        for (String policy : options.policies) {
            List<String> names = new ArrayList<>();
            List<HoldTimes> perTrace = new ArrayList<>();
            HoldTimes pooled = null;
            for (Path trace : options.traces) {
                HoldTimes holds = ReplayedHoldTimes.of(trace, policy);
                names.add(policy + ", " + trace.getFileName());
                perTrace.add(holds);
                pooled = pooled == null ? holds : pooled.with(holds);
            }
            names.add(policy + ", both traces (priced)");
            perTrace.add(pooled);
            report(policy, names, perTrace, pooled, model, deployments, options);
        }
    }

    private static void report(String policy, List<String> names, List<HoldTimes> holds, HoldTimes pooled,
                               CostModel model, List<Deployment> deployments, Options options) throws Exception {
        CostTables.CostFunction costs = (deployment, path, rate) ->
                model.cost(deployment, path, rate, path.holds(pooled).mean());
        System.out.println("## Hold times, policy " + policy + "\n");
        System.out.println(CostTables.holdTimes(names, holds));
        for (CallPath path : CallPath.values()) {
            System.out.println(CostTables.headline(deployments, options.rates, path, costs));
        }
        List<RouterCost> all = new ArrayList<>();
        for (Deployment deployment : deployments) {
            for (CallPath path : CallPath.values()) {
                for (double rate : options.rates) {
                    all.add(costs.at(deployment, path, rate));
                }
            }
        }
        System.out.println(CostTables.lines(all));
        for (Deployment hourly : deployments) {
            if (!(hourly instanceof ManagedInstances)) {
                continue;
            }
            for (Deployment perRequest : deployments) {
                if (perRequest instanceof OnDemandLambda) {
                    OptionalInt rate = BreakEven.rate(costs, hourly, perRequest, CallPath.STREAMED_FUNCTION_URL, 100_000);
                    System.out.printf(Locale.ROOT, "break-even, streamed: %s costs no more than %s from %s%n",
                            hourly.label(), perRequest.label(),
                            rate.isPresent() ? rate.getAsInt() + " req/s" : "no rate up to 100,000 req/s");
                }
            }
        }
        if (options.charts != null) {
            Path file = options.charts.resolve("cost-at-scale-" + policy + ".svg");
            Files.createDirectories(options.charts);
            Files.writeString(file, chart(policy, pooled, costs, deployments));
            System.out.println("\nchart: " + file);
        }
        System.out.println();
    }

    /** Streamed (function URL) solid and buffered through the HTTP API dashed, for each deployment. */
    static String chart(String policy, HoldTimes pooled, CostTables.CostFunction costs, List<Deployment> deployments) {
        double[] rates = new double[CHART_MAX / CHART_STEP];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = (i + 1) * CHART_STEP;
        }
        List<LineChart.Line> lines = new ArrayList<>();
        StringBuilder description = new StringBuilder(String.format(Locale.ROOT, "The route function's cost in US dollars"
                + " per million requests from %d to %,d requests per second, with upstream calls held %.3f s on average"
                + " (Azure traces replayed under the %s policy). At %,d req/s:", CHART_STEP, CHART_MAX, pooled.mean(),
                policy, CHART_MAX));
        for (Deployment deployment : deployments) {
            for (CallPath path : List.of(CallPath.STREAMED_FUNCTION_URL, CallPath.BUFFERED_HTTP_API)) {
                double[] usd = Arrays.stream(rates).map(rate -> costs.at(deployment, path, rate).totalPerMillion()).toArray();
                String name = deployment.label() + (path == CallPath.BUFFERED_HTTP_API ? ", HTTP API" : "");
                lines.add(new LineChart.Line(name, path == CallPath.BUFFERED_HTTP_API, rates, usd));
                description.append(String.format(Locale.ROOT, " %s $%.2f;", name, usd[usd.length - 1]));
            }
        }
        return LineChart.usdOverCount("Router cost per million requests (" + policy + " hold times)",
                description.toString(), "requests per second", "US$ per million requests", lines);
    }

    static List<Deployment> deployments(int[] perVcpu) {
        List<Deployment> deployments = new ArrayList<>(List.of(new OnDemandLambda(512), new OnDemandLambda(1024),
                new OnDemandLambda(1769)));
        for (InstanceType instance : List.of(InstanceType.M7G_LARGE, InstanceType.M7G_XLARGE)) {
            for (int concurrency : perVcpu) {
                deployments.add(ManagedInstances.withDefaults(instance).withConcurrencyPerVcpu(concurrency));
            }
        }
        return deployments;
    }

    /** The command line, with the defaults of today's design. */
    private record Options(double rcu, double refreshSeconds, double cpuMicros, double[] rates, int[] perVcpu,
                           List<String> policies, List<Path> traces, Path charts) {

        static Options parse(String[] args) {
            double rcu = SnapshotReads.TODAY.readUnitsPerLoad();
            double refresh = SnapshotReads.TODAY.refreshSeconds();
            double cpu = 113;
            double[] rates = {10, 100, 1000};
            int[] perVcpu = {ManagedInstances.JAVA_CONCURRENCY_PER_VCPU};
            List<String> policies = List.of("router", "always-premium");
            List<Path> traces = new ArrayList<>();
            Path charts = Path.of("docs");
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--rcu" -> rcu = Double.parseDouble(value);
                    case "--refresh" -> refresh = Double.parseDouble(value);
                    case "--cpu-us" -> cpu = Double.parseDouble(value);
                    case "--rates" -> rates = Arrays.stream(value.split(",")).mapToDouble(Double::parseDouble).toArray();
                    case "--per-vcpu" -> perVcpu = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--policies" -> policies = List.of(value.split(","));
                    case "--trace" -> traces.add(Path.of(value));
                    case "--charts" -> charts = value.equals("none") ? null : Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (traces.isEmpty()) {
                DEFAULT_TRACES.forEach(trace -> traces.add(Path.of(trace)));
            }
            return new Options(rcu, refresh, cpu, rates, perVcpu, policies, traces, charts);
        }
    }
}
