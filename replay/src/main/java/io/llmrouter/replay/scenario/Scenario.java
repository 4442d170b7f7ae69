package io.llmrouter.replay.scenario;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What happens to the fleet during a replay besides the trace: faults on the simulated clock, and the
 * clusters' autoscalers. Read from a {@code --scenario} file by {@link ScenarioReader}; {@link #NONE} is
 * the fixed, healthy fleet of a replay without one. Every question here is about the truth at a time:
 * what the router gets to see of it goes through the poller, cost-refresh and its own failed attempts.
 *
 * @param source the file it was read from, for the report; null for {@link #NONE}
 */
public record Scenario(String source, List<Fault> faults, List<Autoscaling> autoscaling) {

    public static final Scenario NONE = new Scenario(null, List.of(), List.of());

    /** A provider's token prices, $ per million tokens. */
    public record TokenPrices(double inputPer1M, double outputPer1M) {
    }

    public Scenario {
        // Price changes in time order (a stable sort: at the same instant the later line wins).
        faults = faults.stream().sorted(Comparator.comparingDouble(Scenario::startOf)).toList();
        autoscaling = List.copyOf(autoscaling);
    }

    /** Whether {@code cluster} refuses connections at {@code t}. */
    public boolean down(String cluster, double t) {
        return downSince(cluster, t).isPresent();
    }

    /** When the outage {@code cluster} is in at {@code t} began; empty when it is up. */
    public Optional<Double> downSince(String cluster, double t) {
        return faults.stream()
                .filter(f -> f instanceof Fault.ClusterDown d && d.cluster().equals(cluster) && d.from() <= t && t < d.to())
                .map(Scenario::startOf)
                .min(Double::compare);
    }

    /** Whether {@code provider} answers 429 at {@code t}. */
    public boolean rateLimited(String provider, double t) {
        return faults.stream().anyMatch(f -> f instanceof Fault.RateLimit r && r.provider().equals(provider)
                && r.from() <= t && t < r.to());
    }

    /** How many times slower {@code cluster} prefills and decodes what it admits at {@code t}; 1 when not slowed. */
    public double slowdown(String cluster, double t) {
        double factor = 1;
        for (Fault f : faults) {
            if (f instanceof Fault.Slowdown s && s.cluster().equals(cluster) && s.from() <= t && t < s.to()) {
                factor *= s.factor();
            }
        }
        return factor;
    }

    /** The token prices {@code provider} charges at {@code t} by the scenario; empty before its first change. */
    public Optional<TokenPrices> providerPrices(String provider, double t) {
        TokenPrices prices = null;
        for (Fault f : faults) {
            if (f instanceof Fault.ProviderPriceChange p && p.provider().equals(provider) && p.at() <= t) {
                prices = new TokenPrices(p.inputPer1M(), p.outputPer1M());
            }
        }
        return Optional.ofNullable(prices);
    }

    /** The node $/h of {@code cluster} at {@code t}: the last change by then, else {@code configured}. */
    public double nodePricePerHour(String cluster, double t, double configured) {
        double price = configured;
        for (Fault f : faults) {
            if (f instanceof Fault.NodePriceChange n && n.cluster().equals(cluster) && n.at() <= t) {
                price = n.costPerHour();
            }
        }
        return price;
    }

    /** The times at which some cluster's node price changes, in order. */
    public List<Double> nodePriceChanges() {
        TreeSet<Double> times = new TreeSet<>();
        faults.stream().filter(f -> f instanceof Fault.NodePriceChange).forEach(f -> times.add(startOf(f)));
        return List.copyOf(times);
    }

    /** Each outage's start, for the replay to drop the queue of the cluster that went down. */
    public List<Fault.ClusterDown> outages() {
        return faults.stream().filter(f -> f instanceof Fault.ClusterDown).map(f -> (Fault.ClusterDown) f).toList();
    }

    public Optional<Autoscaling> autoscalingOf(String cluster) {
        return autoscaling.stream().filter(a -> a.cluster().equals(cluster)).findFirst();
    }

    private static double startOf(Fault fault) {
        return switch (fault) {
            case Fault.ClusterDown d -> d.from();
            case Fault.RateLimit r -> r.from();
            case Fault.Slowdown s -> s.from();
            case Fault.ProviderPriceChange p -> p.at();
            case Fault.NodePriceChange n -> n.at();
        };
    }
}
