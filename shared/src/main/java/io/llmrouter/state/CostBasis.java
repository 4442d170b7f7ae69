package io.llmrouter.state;

/**
 * Where a cost record's numbers came from, so that a person can judge how far to trust them. A
 * cluster's record is written with the basis of the tokens/s it was priced at; while the cluster
 * idles, that is still the last loaded window's basis (see {@code io.llmrouter.cost.ThroughputEstimator}).
 */
public enum CostBasis {
    /** Cluster: the tokens/s of one loaded window as measured, with no recent loaded estimate to blend it with. */
    LIVE_THROUGHPUT,
    /** Cluster: the tokens/s of a loaded window blended with the recent loaded estimate. */
    SMOOTHED_THROUGHPUT,
    /** Cluster: no recent loaded window; tokens generated / seconds generating since the server started. */
    COUNTER_AVERAGE,
    /** Cluster: nothing measured; the {@code tokensPerSecond} stated in the cluster's config. */
    CONFIGURED,
    /** Cluster: nothing measured or stated; the model's expected tokens/s on this instance type in models/. */
    EXPECTED_THROUGHPUT,
    /** Provider: token prices from a price feed. */
    PRICE_FEED
}
