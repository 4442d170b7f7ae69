package io.llmrouter.cost.feed;

import io.llmrouter.state.CostRecord;

import java.util.List;
import java.util.function.Function;

/**
 * How {@link PriceGuard} sees one kind of price: its identity, the amounts it carries and the highest
 * amount that can still be real.
 *
 * <p>The bounds, and why:
 * <ul>
 *   <li>token prices: at most $0.01 per token ($10 per 1K, $10,000 per million). The dearest list
 *       prices known are around $600 per million output tokens, so this leaves ~16x room while still
 *       catching a feed that switched to per-1K or per-million units, or a placeholder like 1.0.</li>
 *   <li>node prices: at most $1,000 per hour. The largest on-demand machines cost a few hundred
 *       dollars an hour; GPU clusters of the size llm-router fronts cost far less.</li>
 * </ul>
 * Every amount given must be finite and above zero: paid models and nodes are never free, and the
 * parsers already drop free variants. An amount that is not given (a null cache price) is not checked.
 *
 * @param kind      what is checked, for reasons ("token price")
 * @param unit      the unit of the amounts, for reasons ("$/token")
 * @param maxAmount the highest believable amount
 * @param keyOf     the identity compared with the last good set
 * @param amountsOf the named amounts of one price
 */
public record PriceRules<P>(String kind, String unit, double maxAmount, Function<P, String> keyOf,
                            Function<P, List<Amount>> amountsOf) {

    /** One named amount of a price; {@code value} is null when the source does not give it. */
    public record Amount(String name, Double value) {
    }

    public static final double MAX_USD_PER_TOKEN = 0.01;
    public static final double MAX_USD_PER_HOUR = 1000;

    public static final PriceRules<ModelPrice> MODEL_PRICES = new PriceRules<>("token price", "$/token",
            MAX_USD_PER_TOKEN, ModelPrice::feedModelId, p -> List.of(
            new Amount("input", p.inputPerToken()),
            new Amount("output", p.outputPerToken()),
            new Amount("cached input", p.cachedInputPerToken())));

    /** Cost records hold $/1K, so their bound is the per-token bound times 1,000. */
    public static final PriceRules<CostRecord> COST_RECORDS = new PriceRules<>("token price", "$/1K tokens",
            MAX_USD_PER_TOKEN * 1000, r -> r.target() + "/" + r.model(), r -> List.of(
            new Amount("input", r.inputPer1k()),
            new Amount("output", r.outputPer1k()),
            new Amount("cached input", r.cachedInputPer1k())));

    public static final PriceRules<NodePrice> NODE_PRICES = new PriceRules<>("node price", "$/h",
            MAX_USD_PER_HOUR, p -> p.cloud() + "/" + p.region() + "/" + p.instanceType(), p -> List.of(
            new Amount("hourly", p.pricePerHour())));
}
