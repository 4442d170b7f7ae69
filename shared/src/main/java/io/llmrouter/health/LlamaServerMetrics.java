package io.llmrouter.health;

/**
 * What the router takes from llama-server's {@code /metrics} (names below are without the {@code llamacpp:}
 * prefix). Every field is null when the scrape did not carry it, or carried NaN or an infinity: an older or
 * newer build, or a line that could not be parsed, leaves a signal unknown and never zero.
 *
 * <p>Builds differ: v0.5.0 exports the set in the team fixtures; 2024-era builds add {@code kv_cache_usage_ratio}
 * and {@code kv_cache_tokens}; late-2025 builds type {@code n_busy_slots_per_decode} as a counter (its value is
 * still the average, so it is read the same way) and lack {@code prompt_tokens_cached_total}; builds with a draft
 * model add labelled series such as {@code ..._per_pos_total{position="N"}}. Only unlabelled samples are read;
 * every series not listed here is ignored.
 *
 * @param promptTokensPerSecond     {@code prompt_tokens_seconds}: prompt throughput over the last window
 * @param generationTokensPerSecond {@code predicted_tokens_seconds}: generation throughput over the last window
 * @param promptTokensTotal         {@code prompt_tokens_total} (excluding cached tokens)
 * @param promptSecondsTotal        {@code prompt_seconds_total}
 * @param promptTokensCachedTotal   {@code prompt_tokens_cached_total}
 * @param generatedTokensTotal      {@code tokens_predicted_total}
 * @param generationSecondsTotal    {@code tokens_predicted_seconds_total}
 * @param decodeCallsTotal          {@code n_decode_total}
 * @param largestSequenceTokens     {@code n_tokens_max}: the longest prompt + generation seen
 * @param requestsProcessing        {@code requests_processing}
 * @param requestsDeferred          {@code requests_deferred}: the queue waiting for a slot
 * @param busySlotsPerDecode        {@code n_busy_slots_per_decode}
 * @param kvCacheUsageRatio         {@code kv_cache_usage_ratio} (2024-era builds)
 * @param kvCacheTokens             {@code kv_cache_tokens} (2024-era builds)
 */
public record LlamaServerMetrics(
        Double promptTokensPerSecond,
        Double generationTokensPerSecond,
        Double promptTokensTotal,
        Double promptSecondsTotal,
        Double promptTokensCachedTotal,
        Double generatedTokensTotal,
        Double generationSecondsTotal,
        Double decodeCallsTotal,
        Double largestSequenceTokens,
        Integer requestsProcessing,
        Integer requestsDeferred,
        Double busySlotsPerDecode,
        Double kvCacheUsageRatio,
        Double kvCacheTokens) {

    static final String PREFIX = "llamacpp:";

    /** Every signal unknown: what a cluster with {@code /metrics} off reports. */
    public static LlamaServerMetrics unknown() {
        return from(PrometheusExposition.EMPTY);
    }

    public static LlamaServerMetrics from(PrometheusExposition exposition) {
        Reader r = new Reader(exposition);
        return new LlamaServerMetrics(
                r.number("prompt_tokens_seconds"),
                r.number("predicted_tokens_seconds"),
                r.number("prompt_tokens_total"),
                r.number("prompt_seconds_total"),
                r.number("prompt_tokens_cached_total"),
                r.number("tokens_predicted_total"),
                r.number("tokens_predicted_seconds_total"),
                r.number("n_decode_total"),
                r.number("n_tokens_max"),
                r.count("requests_processing"),
                r.count("requests_deferred"),
                r.number("n_busy_slots_per_decode"),
                r.number("kv_cache_usage_ratio"),
                r.number("kv_cache_tokens"));
    }

    private record Reader(PrometheusExposition exposition) {

        Double number(String name) {
            return exposition.unlabelledSample(PREFIX + name)
                    .map(PrometheusSample::value)
                    .filter(Double::isFinite)
                    .orElse(null);
        }

        /** Gauges of whole things (requests); a fractional or out-of-range value is not one, so it is unknown. */
        Integer count(String name) {
            Double value = number(name);
            if (value == null || value < 0 || value > Integer.MAX_VALUE || value != Math.rint(value)) {
                return null;
            }
            return value.intValue();
        }
    }
}
