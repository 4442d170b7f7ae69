package io.llmrouter.cost;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.PriceFeedConfig;
import io.llmrouter.config.ProviderConfig;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.feed.FeedParse;
import io.llmrouter.cost.feed.ModelPrice;
import io.llmrouter.cost.feed.ModelPriceParsers;
import io.llmrouter.cost.feed.NodePriceSources;
import io.llmrouter.cost.feed.PriceFeedException;
import io.llmrouter.cost.feed.PriceFeedFetcher;
import io.llmrouter.cost.feed.PriceGuard;
import io.llmrouter.cost.feed.PriceRejection;
import io.llmrouter.cost.feed.PriceReview;
import io.llmrouter.cost.feed.ProviderPriceMapper;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.state.RoutingStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recomputes every target's cost record: clusters from their throughput (see
 * {@link ThroughputEstimator}) and node price per hour (configured, or looked up in the cloud's price
 * list: see {@link ClusterNodePrices}), providers from the configured price feeds.
 *
 * <p>Nothing is lost on bad input: a feed or price list that fails, times out or returns garbage is
 * skipped whole, a bad or wildly jumping price is skipped alone, and a cluster that cannot be priced
 * keeps its record. Only accepted prices are written, so the last good record stays in place for the
 * rest. Feeds are read in the order configured; a model priced by an earlier feed is not re-priced by
 * a later one in the same refresh.
 */
public final class CostRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(CostRefresher.class);

    private final RouterConfig config;
    private final RoutingStateStore store;
    private final PriceFeedFetcher fetcher;
    private final ThroughputEstimator throughput;
    private final ClusterNodePrices nodePrices;
    private final Clock clock;

    /** Node prices looked up in the price lists {@code config.nodePrices()} names. */
    public CostRefresher(RouterConfig config, RoutingStateStore store, PriceFeedFetcher fetcher,
                         ThroughputEstimator throughput, Clock clock) {
        this(config, store, fetcher, NodePriceSources.standard(config.nodePrices(), fetcher), throughput, clock);
    }

    public CostRefresher(RouterConfig config, RoutingStateStore store, PriceFeedFetcher fetcher,
                         NodePriceSources nodePriceSources, ThroughputEstimator throughput, Clock clock) {
        this.config = config;
        this.store = store;
        this.fetcher = fetcher;
        this.throughput = throughput;
        this.nodePrices = new ClusterNodePrices(nodePriceSources, config.nodePrices());
        this.clock = clock;
    }

    /**
     * What one refresh did; the handler logs it and turns it into metrics.
     *
     * @param prices every target's prices after this run: the records read at its start, overlaid with
     *               the ones it wrote (its gauges come from these, without reading the store again)
     */
    public record Report(List<CostRecord> written, List<String> unpricedClusters, List<FeedFailure> feedFailures,
                         List<PriceRejection> rejectedPrices, RoutingSnapshot prices) {
    }

    /** A feed or node price list skipped whole, and why. */
    public record FeedFailure(String feed, String reason) {
    }

    public Report refresh() {
        Instant now = clock.instant();
        RoutingSnapshot current = store.loadRecords();
        List<CostRecord> written = new ArrayList<>();
        List<String> unpriced = new ArrayList<>();
        ClusterNodePrices.Result nodes = nodePrices.lookUp(config.clusters(), current);
        for (ClusterConfig cluster : config.clusters()) {
            Optional<ClusterNodePrices.NodeRate> node = nodes.rateOf(cluster.name());
            if (node.isEmpty()) {
                LOG.warn("cluster {} cannot be priced: {}; {}", cluster.name(), nodes.unpriced().get(cluster.name()),
                        current.costOf(cluster.name(), CostRecord.ANY_MODEL).isPresent()
                                ? "its last record is kept" : "it stays unpriced");
                unpriced.add(cluster.name());
                continue;
            }
            Optional<CostRecord> record = priceCluster(cluster, node.get(), current, now);
            if (record.isEmpty()) {
                unpriced.add(cluster.name());
            } else if (store.putCost(record.get())) {
                written.add(record.get());
            }
        }

        List<FeedFailure> failures = new ArrayList<>(nodes.failures());
        List<PriceRejection> rejections = new ArrayList<>(nodes.rejections());
        Set<RoutingSnapshot.CostKey> pricedThisRun = new HashSet<>();
        for (PriceFeedConfig feed : config.priceFeeds()) {
            FeedParse<ModelPrice> parsed;
            try {
                parsed = ModelPriceParsers.forFormat(feed.format()).parse(fetcher.fetch(feed));
            } catch (PriceFeedException e) {
                LOG.warn("price feed {} skipped, last good prices kept: {}", feed.name(), e.getMessage());
                failures.add(new FeedFailure(feed.name(), e.getMessage()));
                continue;
            }
            rejections.addAll(parsed.rejections());
            for (ProviderConfig provider : config.enabledProviders()) {
                List<CostRecord> mapped = ProviderPriceMapper.toCostRecords(provider, parsed.prices(), feed.name(), now)
                        .stream()
                        .filter(r -> !pricedThisRun.contains(new RoutingSnapshot.CostKey(r.target(), r.model())))
                        .toList();
                List<CostRecord> stored = current.costs().values().stream()
                        .filter(r -> r.target().equals(provider.name()))
                        .toList();
                PriceReview<CostRecord> review = PriceGuard.forCostRecords(feed.maxJumpFactor()).review(mapped, stored);
                for (PriceRejection rejection : review.rejections()) {
                    LOG.warn("price of {} from feed {} rejected, last good kept: {}", rejection.key(), feed.name(),
                            rejection.reason());
                }
                rejections.addAll(review.rejections());
                for (CostRecord record : review.accepted()) {
                    pricedThisRun.add(new RoutingSnapshot.CostKey(record.target(), record.model()));
                    if (store.putCost(record)) {
                        written.add(record);
                    }
                }
            }
        }
        if (!written.isEmpty()) {
            store.publishSnapshot(); // new prices reach the route function with the published snapshot, if any
        }
        return new Report(written, unpriced, failures, rejections, pricesAfter(current, written, now));
    }

    /** The prices read at the start with this run's writes in place, looked up as the route function does. */
    private static RoutingSnapshot pricesAfter(RoutingSnapshot current, List<CostRecord> written, Instant now) {
        Map<RoutingSnapshot.CostKey, CostRecord> prices = new HashMap<>(current.costs());
        written.forEach(record -> prices.put(new RoutingSnapshot.CostKey(record.target(), record.model()), record));
        return new RoutingSnapshot(Map.of(), prices, Map.of(), now);
    }

    /**
     * A cluster's record at its node price and estimated throughput; empty when it cannot be priced (its
     * stored record, if any, stays). While the cluster idles this is the last loaded estimate's record
     * again, repriced with the current config and node price but keeping its basis and time, so it still
     * says what was measured, and when.
     */
    private Optional<CostRecord> priceCluster(ClusterConfig cluster, ClusterNodePrices.NodeRate node,
                                              RoutingSnapshot current, Instant now) {
        HealthRecord health = current.healthOf(cluster.name()).orElse(null);
        CostRecord previous = current.costOf(cluster.name(), CostRecord.ANY_MODEL).orElse(null);
        Optional<ThroughputEstimate> estimate = throughput.estimate(cluster, health, previous, now);
        if (estimate.isEmpty()) {
            LOG.warn("cluster {} cannot be priced yet: no throughput measured, no tokensPerSecond configured and no "
                    + "expected tokens/s for instance type {} in models/; {}", cluster.name(), cluster.instanceType(),
                    previous == null ? "it stays unpriced" : "its last record is kept");
            return Optional.empty();
        }
        ThroughputEstimate tps = estimate.get();
        return ClusterCostFormula.costRecord(cluster, node.perHour(), tps.tokensPerSecond(),
                config.router().overheadFactor(), tps.basis(),
                source(tps.detail(), node), tps.observedAt());
    }

    private static final String NODE_PART = "; node ";

    /**
     * A cluster record's source: where its tokens/s came from, then its node price ("live 15.0 tok/s;
     * node 0.0928 $/h, configured costPerHour"). An idle cluster's estimate carries the stored record's
     * source, whose node part is replaced, not repeated, since the node price may have changed since.
     */
    private static String source(String throughputDetail, ClusterNodePrices.NodeRate node) {
        int cut = throughputDetail.indexOf(NODE_PART);
        String throughput = cut < 0 ? throughputDetail : throughputDetail.substring(0, cut);
        return throughput + NODE_PART + node.perHour() + " $/h, " + node.source();
    }
}
