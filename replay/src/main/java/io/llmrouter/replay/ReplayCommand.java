package io.llmrouter.replay;

import io.llmrouter.config.ConfigException;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.policy.Policies;
import io.llmrouter.replay.report.ReplayReport;
import io.llmrouter.replay.report.chart.ReplayCharts;
import io.llmrouter.replay.scenario.Scenario;
import io.llmrouter.replay.scenario.ScenarioReader;
import io.llmrouter.replay.sim.PolicyRun;
import io.llmrouter.replay.sim.ReplaySettings;
import io.llmrouter.replay.trace.Trace;
import io.llmrouter.replay.trace.TraceFormatException;
import io.llmrouter.replay.trace.TraceReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./run-local replay TRACE.csv [--config FILE] [--scenario FILE] [--out DIR] [--seed N] [--policies a,b]
 * [--ttft-sla SECONDS] [--premium PROVIDER]}: replays the trace under every policy, prints the table and
 * writes {@code DIR/report.json} and the charts ({@link ReplayCharts}) beside it. A scenario
 * ({@link ScenarioReader}) adds faults on the simulated clock (a cluster down, a provider answering 429, a
 * slowed cluster, price changes) and autoscalers.
 *
 * <p>Configs may price providers with the bundled LiteLLM price snapshot: a price feed whose
 * {@code location} is {@value #PRICES_VARIABLE} in {@code ${...}} reads it.
 */
public final class ReplayCommand {

    /** The environment variable a config's price feed can name to read the bundled LiteLLM snapshot. */
    public static final String PRICES_VARIABLE = "LLM_ROUTER_REPLAY_PRICES";
    static final String PRICES_RESOURCE = "litellm-model-prices.json";

    public static final String USAGE = """
            usage: ./run-local replay TRACE.csv [--config FILE] [--scenario FILE] [--out DIR] [--seed N]
                                              [--policies NAME,...] [--ttft-sla SECONDS] [--premium PROVIDER]
            TRACE.csv: TIMESTAMP,ContextTokens,GeneratedTokens (the Azure LLM inference traces' format,
            e.g. replay/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv).
            --config: the router config whose clusters and providers are simulated (default: the demo fleet).
            --scenario: faults and autoscalers on the simulated clock, in seconds after the trace's start (YAML or JSON):
              faults:
                - {kind: cluster-down, cluster: NAME, from: 600, to: 900}      # refuses connections; queued ones fail over
                - {kind: rate-limit, target: PROVIDER, from: 1800, to: 1900}   # answers 429 before the first byte
                - {kind: slowdown, cluster: NAME, from: 2400, to: 3000, factor: 4}  # admitted requests 4x slower
                - {kind: price-change, target: PROVIDER, at: 1200, inputPer1M: 1.25, outputPer1M: 5.0}
                - {kind: price-change, target: CLUSTER, at: 1200, costPerHour: 0.40}
              autoscaling:   # the Helm chart's HPA on requests_deferred per replica; without it the fleet is fixed
                - {cluster: NAME, minReplicas: 1, maxReplicas: 4, queueDepthPerReplica: 1, evaluateEvery: 15,
                   scaleDownStabilization: 300, startupSeconds: 60}
            --out: where report.json and the SVG charts go (default: replay-out/<trace name>).
            --ttft-sla: the time to first token a request should get (default: the config's router.ttftSla, else 2 s).
            """ + "policies: " + String.join(", ", Policies.names()) + ".";

    /** The parsed command line. */
    record Arguments(Path trace, Path config, Path scenario, Path out, ReplaySettings settings, boolean slaGiven,
                     List<String> policies) {

        static Arguments parse(String[] args) {
            Path trace = null;
            Path config = null;
            Path scenario = null;
            Path out = null;
            ReplaySettings defaults = ReplaySettings.defaults();
            long seed = defaults.seed();
            double sla = defaults.ttftSlaSeconds();
            boolean slaGiven = false;
            String premium = null;
            List<String> policies = Policies.names();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--config" -> config = existingFile(value(args, ++i, arg), "config file");
                    case "--scenario" -> scenario = existingFile(value(args, ++i, arg), "scenario file");
                    case "--out" -> out = Path.of(value(args, ++i, arg));
                    case "--seed" -> seed = parseLong(value(args, ++i, arg), arg);
                    case "--ttft-sla" -> {
                        sla = parsePositive(value(args, ++i, arg), arg);
                        slaGiven = true;
                    }
                    case "--premium" -> premium = value(args, ++i, arg);
                    case "--policies" -> policies = policies(value(args, ++i, arg));
                    case "-h", "--help" -> throw new IllegalArgumentException("help");
                    default -> {
                        if (arg.startsWith("-") || trace != null) {
                            throw new IllegalArgumentException("unknown argument '" + arg + "'");
                        }
                        trace = existingFile(arg, "trace");
                    }
                }
            }
            if (trace == null) {
                throw new IllegalArgumentException("replay needs a trace file");
            }
            if (out == null) {
                String name = trace.getFileName().toString();
                out = Path.of("replay-out", name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name);
            }
            return new Arguments(trace, config, scenario, out, new ReplaySettings(seed, sla, defaults.pollerInvokedEvery(),
                    defaults.costRefreshEvery(), premium), slaGiven, policies);
        }

        private static List<String> policies(String list) {
            List<String> names = Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            for (String name : names) {
                if (Policies.named(name).isEmpty()) {
                    throw new IllegalArgumentException("unknown policy '" + name + "'; the policies are "
                            + String.join(", ", Policies.names()));
                }
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException("--policies needs at least one policy");
            }
            return names;
        }

        private static Path existingFile(String text, String what) {
            Path file = Path.of(text);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(what + " not found: " + file);
            }
            return file;
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }

        private static long parseLong(String text, String flag) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be a whole number, got '" + text + "'");
            }
        }

        private static double parsePositive(String text, String flag) {
            try {
                double value = Double.parseDouble(text);
                if (value > 0 && Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(flag + " must be a positive number of seconds, got '" + text + "'");
        }
    }

    private ReplayCommand() {
    }

    /**
     * Runs the command; returns the process's exit status (0 done, 1 the replay failed, 2 bad usage).
     *
     * @param defaultConfig the config YAML used without {@code --config}
     */
    public static int run(String[] args, String defaultConfig, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("run-local replay: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            Path prices = bundledPrices();
            try {
                Map<String, String> env = new HashMap<>(System.getenv());
                env.put(PRICES_VARIABLE, prices.toString());
                RouterConfig config = arguments.config() == null ? ConfigLoader.fromYaml(defaultConfig, env)
                        : ConfigLoader.fromFile(arguments.config(), env);
                Trace trace = TraceReader.read(arguments.trace());
                ModelCatalog catalog = ModelCatalog.fromClasspath();
                ReplaySettings settings = arguments.settings();
                if (!arguments.slaGiven() && config.router().ttftSla() != null) {
                    settings = settings.withTtftSla(config.router().ttftSla().toNanos() / 1e9);
                }
                Fleet fleet = Fleet.of(config, catalog, Fleet.Shape.defaults());
                Scenario scenario = arguments.scenario() == null ? Scenario.NONE
                        : ScenarioReader.read(arguments.scenario(), fleet);
                long started = System.nanoTime();
                PolicyComparison comparison = new PolicyComparison(config, fleet, catalog, settings, scenario);
                List<PolicyRun> runs = comparison.runs(trace, arguments.policies());
                double seconds = (System.nanoTime() - started) / 1e9;
                List<String> charts = ReplayCharts.write(runs, arguments.out());
                ReplayReport report = comparison.report(trace, runs).withCharts(charts);
                Path written = report.write(arguments.out());
                out.print(report.table());
                out.printf(Locale.ROOT, "%nreplayed %d policies in %.1f s; report: %s; charts: %s%n",
                        report.policies().size(), seconds, written, String.join(", ", charts));
                return 0;
            } finally {
                Files.deleteIfExists(prices);
            }
        } catch (ConfigException | TraceFormatException | IllegalArgumentException e) {
            err.println("run-local replay: " + e.getMessage());
            return 2;
        } catch (IOException | UncheckedIOException e) {
            err.println("run-local replay: " + e.getMessage());
            return 1;
        }
    }

    /** The bundled LiteLLM price snapshot, as a file a price feed's location can name. */
    public static Path bundledPrices() throws IOException {
        Path file = Files.createTempFile("llm-router-replay-prices", ".json");
        try (InputStream in = ReplayCommand.class.getResourceAsStream(PRICES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled price snapshot " + PRICES_RESOURCE + " is missing");
            }
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    /**
     * {@code yaml} (a config's {@code router} and {@code clusters} sections) with the demo fleet's provider:
     * OpenAI's gpt-4o, what requests cost without clusters, priced from the bundled LiteLLM snapshot.
     */
    public static String withDemoProvider(String yaml) {
        return yaml + """
                externalProviders:
                  # Never called: a replay only simulates it.
                  - {name: openai, type: openai, apiKey: replay-never-sent, defaultModel: gpt-4o, models: [gpt-4o]}
                priceFeeds:
                  # Real LiteLLM prices (BerriAI/litellm model_prices_and_context_window.json), bundled with the replay.
                  - {name: litellm, format: litellm, location: "${%s}"}
                """.formatted(PRICES_VARIABLE);
    }
}
