package io.llmrouter.cost;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The price of a token on a self-hosted cluster: the node's hourly price spread over the tokens it
 * generates in an hour.
 *
 * <pre>  $/1K = costPerHour / (tokensPerSecond x 3600) x overheadFactor x 1000</pre>
 *
 * <p>Example with an overhead factor of 1.0: an AWS t3.large at 0.0928 $/h generating 15 tokens/s
 * costs 0.0928 / 54,000 x 1000 = about 0.00172 $/1K.
 *
 * <p>Inputs that cannot give a price (a throughput of zero, negative, NaN or infinite; a negative or
 * non-finite hourly price or overhead) give no price at all: an idle cluster's 0 tokens/s says
 * nothing about its speed, and an infinite $/1K would poison every comparison downstream.
 */
public final class ClusterCostFormula {

    private static final double SECONDS_PER_HOUR = 3600;
    private static final double TOKENS_PER_UNIT = 1000;

    private ClusterCostFormula() {
    }

    /** $/1K generated tokens, or empty when the inputs cannot give a finite price. */
    public static OptionalDouble costPer1k(double costPerHour, double tokensPerSecond, double overheadFactor) {
        if (!(Double.isFinite(costPerHour) && costPerHour >= 0)
                || !(Double.isFinite(tokensPerSecond) && tokensPerSecond > 0)
                || !(Double.isFinite(overheadFactor) && overheadFactor > 0)) {
            return OptionalDouble.empty();
        }
        double per1k = costPerHour / (tokensPerSecond * SECONDS_PER_HOUR) * overheadFactor * TOKENS_PER_UNIT;
        // A throughput near Double.MIN_VALUE still overflows; treat that as no price, not as infinity.
        return Double.isFinite(per1k) ? OptionalDouble.of(per1k) : OptionalDouble.empty();
    }

    /**
     * The cost record of a cluster at a measured or expected throughput, for all the models it serves.
     *
     * <p>Prompt and generated tokens get the same price: the node is paid by the hour whichever it is
     * doing, and generation speed is the one the poller measures reliably. That overstates the price
     * of prompt tokens (prefill is faster), which errs on the side of sending less to a busy node.
     *
     * @param nodePricePerHour the node's $/h, configured or looked up; kept in the record
     * @return empty when {@link #costPer1k} gives no price
     */
    public static Optional<CostRecord> costRecord(ClusterConfig cluster, double nodePricePerHour, double tokensPerSecond,
                                                  double overheadFactor, CostBasis basis, String source,
                                                  Instant observedAt) {
        OptionalDouble per1k = costPer1k(nodePricePerHour, tokensPerSecond, overheadFactor);
        if (per1k.isEmpty()) {
            return Optional.empty();
        }
        double price = per1k.getAsDouble();
        return Optional.of(new CostRecord(cluster.name(), CostRecord.ANY_MODEL, price, price, null, tokensPerSecond,
                cluster.contextWindow(), basis, source, observedAt, nodePricePerHour));
    }
}
