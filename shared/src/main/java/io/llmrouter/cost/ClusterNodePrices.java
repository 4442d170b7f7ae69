package io.llmrouter.cost;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.NodePriceSettings;
import io.llmrouter.cost.feed.FeedParse;
import io.llmrouter.cost.feed.NodePrice;
import io.llmrouter.cost.feed.NodePriceQuery;
import io.llmrouter.cost.feed.NodePriceSource;
import io.llmrouter.cost.feed.NodePriceSources;
import io.llmrouter.cost.feed.PriceFeedException;
import io.llmrouter.cost.feed.PriceGuard;
import io.llmrouter.cost.feed.PriceRejection;
import io.llmrouter.cost.feed.PriceReview;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.RoutingSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The node $/h of every cluster, for one refresh.
 *
 * <ul>
 *   <li>A configured {@code costPerHour} is the price: nothing is looked up.</li>
 *   <li>Otherwise the cloud's price list is asked for the cluster's instance type in its region, once per
 *       (cloud, region, instance type) however many clusters share it (and once in all for GCP, whose
 *       catalog is listed whole). The answer goes through {@link PriceGuard#forNodePrices} against the last
 *       good price, as token prices do.</li>
 *   <li>The last good price is the one the cluster's stored cost record was computed from. It stays in
 *       force when the price list fails, answers garbage, has no entry for the type, or its price is
 *       rejected; so a failing price list never takes a cluster's price away, nor writes a wrong one.</li>
 *   <li>A cluster with none of these (no costPerHour and no instance type, or a first lookup that
 *       failed) is unpriced: no record is written, the reason is logged, and the router ranks it after
 *       the priced targets.</li>
 * </ul>
 */
final class ClusterNodePrices {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNodePrices.class);

    /** A cluster's node price per hour, and where it came from (for the cost record's source). */
    record NodeRate(double perHour, String source) {
    }

    /**
     * @param rates      the node price of each cluster that has one
     * @param unpriced   why each other cluster has none
     * @param failures   price lists that could not be read
     * @param rejections price list entries that were not accepted
     */
    record Result(Map<String, NodeRate> rates, Map<String, String> unpriced, List<CostRefresher.FeedFailure> failures,
                  List<PriceRejection> rejections) {

        Optional<NodeRate> rateOf(String cluster) {
            return Optional.ofNullable(rates.get(cluster));
        }
    }

    /** What one fetch of a price list gave: the parse, or why there is none. */
    private record Fetched(FeedParse<NodePrice> parse, String failure) {
    }

    private final NodePriceSources sources;
    private final NodePriceSettings settings;

    ClusterNodePrices(NodePriceSources sources, NodePriceSettings settings) {
        this.sources = sources;
        this.settings = settings;
    }

    Result lookUp(List<ClusterConfig> clusters, RoutingSnapshot current) {
        Map<String, NodeRate> rates = new HashMap<>();
        Map<String, String> unpriced = new LinkedHashMap<>();
        Map<NodePriceQuery, List<ClusterConfig>> lookups = new LinkedHashMap<>();
        for (ClusterConfig cluster : clusters) {
            if (cluster.costPerHour() != null) {
                rates.put(cluster.name(), new NodeRate(cluster.costPerHour(), "configured costPerHour"));
            } else if (cluster.looksUpNodePrice() && cluster.provider() != null && cluster.region() != null) {
                lookups.computeIfAbsent(NodePriceQuery.of(cluster), q -> new ArrayList<>()).add(cluster);
            } else {
                // The config loader requires provider and region with an instance type; a config built in
                // code may still lack them.
                unpriced.put(cluster.name(), "no costPerHour, and no instanceType, provider and region to look"
                        + " the node price up by");
            }
        }
        List<CostRefresher.FeedFailure> failures = new ArrayList<>();
        List<PriceRejection> rejections = new ArrayList<>();
        Map<List<Object>, Fetched> fetched = new HashMap<>();
        for (Map.Entry<NodePriceQuery, List<ClusterConfig>> lookup : lookups.entrySet()) {
            NodePriceQuery query = lookup.getKey();
            Optional<NodePriceSource> source = sources.forCloud(query.cloud());
            Fetched answer = source.isEmpty()
                    ? new Fetched(null, "no price list is configured for " + query.cloud())
                    : fetched.computeIfAbsent(List.of(query.cloud(), source.get().fetchKey(query)),
                            key -> fetch(source.get(), query, failures, rejections));
            Optional<NodeRate> rate = Optional.empty();
            String problem = answer.failure();
            if (problem == null) {
                List<NodePrice> candidates = answer.parse().prices().stream().filter(query::matches).toList();
                if (candidates.isEmpty()) {
                    problem = source.get().describe(query) + " lists no on-demand Linux price for it";
                } else {
                    PriceReview<NodePrice> review = PriceGuard.forNodePrices(settings.maxJumpFactor())
                            .review(candidates, lastGood(query, lookup.getValue(), current).stream().toList());
                    for (PriceRejection rejection : review.rejections()) {
                        LOG.warn("node price {} rejected, last good kept: {}", rejection.key(), rejection.reason());
                    }
                    rejections.addAll(review.rejections());
                    rate = review.accepted().stream().findFirst().map(p -> new NodeRate(p.pricePerHour(), p.source()));
                    if (rate.isEmpty()) {
                        problem = "its price was rejected: " + review.rejections().getFirst().reason();
                    }
                }
            }
            if (rate.isEmpty()) {
                rate = keepLastGood(query, lookup.getValue(), current, problem, unpriced);
            }
            rate.ifPresent(r -> lookup.getValue().forEach(cluster -> rates.put(cluster.name(), r)));
        }
        return new Result(rates, unpriced, failures, rejections);
    }

    private static Fetched fetch(NodePriceSource source, NodePriceQuery query, List<CostRefresher.FeedFailure> failures,
                                 List<PriceRejection> rejections) {
        try {
            FeedParse<NodePrice> parse = source.fetch(query);
            rejections.addAll(parse.rejections());
            return new Fetched(parse, null);
        } catch (PriceFeedException e) {
            LOG.warn("node price list {} skipped, last good prices kept: {}", source.describe(query), e.getMessage());
            failures.add(new CostRefresher.FeedFailure(source.describe(query), e.getMessage()));
            return new Fetched(null, source.describe(query) + " failed: " + e.getMessage());
        }
    }

    private static Optional<NodeRate> keepLastGood(NodePriceQuery query, List<ClusterConfig> clusters,
                                                   RoutingSnapshot current, String problem,
                                                   Map<String, String> unpriced) {
        Optional<NodePrice> lastGood = lastGood(query, clusters, current);
        if (lastGood.isPresent()) {
            LOG.warn("node price {} not refreshed ({}); the last good {} $/h is kept", query.key(), problem,
                    format(lastGood.get().pricePerHour()));
            return Optional.of(new NodeRate(lastGood.get().pricePerHour(), "last good price; " + problem));
        }
        for (ClusterConfig cluster : clusters) {
            unpriced.put(cluster.name(), "node price " + query.key() + " unknown: " + problem
                    + "; set costPerHour to price it meanwhile");
        }
        return Optional.empty();
    }

    /** The node price the stored records of these clusters were computed from, if any. */
    private static Optional<NodePrice> lastGood(NodePriceQuery query, List<ClusterConfig> clusters,
                                                RoutingSnapshot current) {
        return clusters.stream()
                .map(cluster -> current.costOf(cluster.name(), CostRecord.ANY_MODEL).orElse(null))
                .filter(Objects::nonNull)
                .map(CostRecord::nodePricePerHour)
                .filter(Objects::nonNull)
                .findFirst()
                .map(price -> new NodePrice(query.cloud(), query.region(), query.instanceType(), price,
                        "stored cost record"));
    }

    private static String format(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
