package io.llmrouter.cost;

/** Where a cost record's numbers came from, so that a person can judge how far to trust them. */
public enum CostBasis {
    /** Cluster: the tokens/s measured in the last loaded window. */
    LIVE_THROUGHPUT,
    /** Cluster: tokens/s smoothed over recent loaded windows (the latest window was idle). */
    SMOOTHED_THROUGHPUT,
    /** Cluster: idle now and no recent loaded window; tokens generated / seconds generating since start. */
    COUNTER_AVERAGE,
    /** Cluster: no measurement yet; the model's expected tokens/s on this instance type. */
    EXPECTED_THROUGHPUT,
    /** Provider: token prices from a price feed. */
    PRICE_FEED,
    /** Provider or cluster: prices written in the config. */
    CONFIGURED
}
