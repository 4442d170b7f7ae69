package io.llmrouter.cost.feed;

import io.llmrouter.state.CostRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a new price set against the bounds of {@link PriceRules} and against the last good prices.
 *
 * <p>An entry is rejected, alone, when one of its amounts is NaN, infinite, zero, negative or above the
 * bound, or when an amount moved by more than {@code maxJumpFactor} (up or down) from the last good
 * entry with the same key; that last good entry then stays in force. Entries with no last good
 * counterpart are only checked against the bounds. A second entry with the key of an accepted one is
 * dropped silently when it carries the same amounts, and rejected when it does not.
 *
 * <p>A whole feed is never rejected here: a body that cannot be read at all fails earlier, in
 * {@link PriceFeedFetcher} or the parser, with a {@link PriceFeedException}.
 */
public final class PriceGuard<P> {

    private final PriceRules<P> rules;
    private final double maxJumpFactor;

    public PriceGuard(PriceRules<P> rules, double maxJumpFactor) {
        if (!(maxJumpFactor > 1) || Double.isInfinite(maxJumpFactor)) {
            throw new IllegalArgumentException("maxJumpFactor must be a finite number above 1, was " + maxJumpFactor);
        }
        this.rules = Objects.requireNonNull(rules, "rules");
        this.maxJumpFactor = maxJumpFactor;
    }

    public static PriceGuard<ModelPrice> forModelPrices(double maxJumpFactor) {
        return new PriceGuard<>(PriceRules.MODEL_PRICES, maxJumpFactor);
    }

    public static PriceGuard<CostRecord> forCostRecords(double maxJumpFactor) {
        return new PriceGuard<>(PriceRules.COST_RECORDS, maxJumpFactor);
    }

    public static PriceGuard<NodePrice> forNodePrices(double maxJumpFactor) {
        return new PriceGuard<>(PriceRules.NODE_PRICES, maxJumpFactor);
    }

    /** Reviews what a parser read; its own rejections come first in the result. */
    public PriceReview<P> review(FeedParse<P> parsed, Collection<P> lastGood) {
        PriceReview<P> checked = review(parsed.prices(), lastGood);
        List<PriceRejection> rejections = new ArrayList<>(parsed.rejections());
        rejections.addAll(checked.rejections());
        return new PriceReview<>(checked.accepted(), rejections);
    }

    public PriceReview<P> review(List<P> candidates, Collection<P> lastGood) {
        Map<String, P> lastGoodByKey = new HashMap<>();
        for (P price : lastGood) {
            lastGoodByKey.put(rules.keyOf().apply(price), price);
        }
        Map<String, P> accepted = new LinkedHashMap<>();
        List<PriceRejection> rejections = new ArrayList<>();
        for (P candidate : candidates) {
            String key = rules.keyOf().apply(candidate);
            String problem = problem(candidate, accepted.get(key), lastGoodByKey.get(key));
            if (problem == null) {
                accepted.putIfAbsent(key, candidate);
            } else if (!problem.isEmpty()) {
                rejections.add(new PriceRejection(key, problem));
            }
        }
        return new PriceReview<>(List.copyOf(accepted.values()), rejections);
    }

    /** Null when acceptable, "" for a harmless repeat of an accepted entry, else the reason. */
    private String problem(P candidate, P acceptedTwin, P lastGood) {
        List<PriceRules.Amount> amounts = rules.amountsOf().apply(candidate);
        if (acceptedTwin != null) {
            return amounts.equals(rules.amountsOf().apply(acceptedTwin))
                    ? "" : "a second entry with other prices; the first one is kept";
        }
        for (PriceRules.Amount amount : amounts) {
            String problem = boundsProblem(amount);
            if (problem != null) {
                return problem;
            }
        }
        return lastGood == null ? null : jumpProblem(amounts, rules.amountsOf().apply(lastGood));
    }

    private String boundsProblem(PriceRules.Amount amount) {
        Double value = amount.value();
        if (value == null) {
            return null;
        }
        String what = amount.name() + " " + rules.kind() + " " + format(value) + " " + rules.unit();
        if (!Double.isFinite(value)) {
            return what + " is not a finite number";
        }
        if (value < 0) {
            return what + " is negative";
        }
        if (value == 0) {
            return what + " is zero, which a paid entry never is";
        }
        if (value > rules.maxAmount()) {
            return what + " is above the believable maximum of " + format(rules.maxAmount()) + " " + rules.unit();
        }
        return null;
    }

    private String jumpProblem(List<PriceRules.Amount> amounts, List<PriceRules.Amount> lastGood) {
        for (PriceRules.Amount amount : amounts) {
            Double before = lastGood.stream().filter(a -> a.name().equals(amount.name()))
                    .map(PriceRules.Amount::value).filter(Objects::nonNull).findFirst().orElse(null);
            if (amount.value() == null || before == null || !(before > 0) || Double.isInfinite(before)) {
                continue;
            }
            double factor = Math.max(amount.value() / before, before / amount.value());
            if (factor > maxJumpFactor) {
                return amount.name() + " " + rules.kind() + " moved from " + format(before) + " to "
                        + format(amount.value()) + " " + rules.unit() + " (x" + String.format(java.util.Locale.ROOT, "%.1f", factor)
                        + "), more than maxJumpFactor " + maxJumpFactor + "; the last good price is kept";
            }
        }
        return null;
    }

    private static String format(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                : Double.toString(value);
    }
}
