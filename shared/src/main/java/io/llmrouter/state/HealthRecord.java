package io.llmrouter.state;

import java.time.Instant;
import java.util.List;

/**
 * What one probe round saw of one cluster. Boxed numbers are null when the cluster did not report
 * them (metrics off, an older llama.cpp build): unknown is never recorded as zero.
 *
 * @param target                    the cluster's configured name
 * @param up                        whether the cluster can take requests now (503 "Loading model" is not up)
 * @param reason                    why it is up or down, for people ("ok", "connect refused", "HTTP 503 Loading model")
 * @param observedAt                when the probe started; writers never replace a newer record with an older one
 * @param probeLatencyMs            time for {@code GET /health} to answer
 * @param generationTokensPerSecond llama.cpp {@code predicted_tokens_seconds}: output throughput over the last window
 * @param promptTokensPerSecond     llama.cpp {@code prompt_tokens_seconds}
 * @param generatedTokensTotal      llama.cpp {@code tokens_predicted_total}; counters let throughput be derived across rounds
 * @param generationSecondsTotal    llama.cpp {@code tokens_predicted_seconds_total}
 * @param requestsProcessing        requests being decoded
 * @param requestsDeferred          requests waiting for a free slot: the queue depth
 * @param busySlots                 slots with {@code is_processing} true
 * @param totalSlots                slots the server has
 * @param contextWindow             per-slot context ({@code n_ctx}), when known
 * @param servedModels              model ids the cluster reports; used when its config lists none
 * @param restartMarker             opaque value that changes when the server restarts
 */
public record HealthRecord(
        String target,
        boolean up,
        String reason,
        Instant observedAt,
        Long probeLatencyMs,
        Double generationTokensPerSecond,
        Double promptTokensPerSecond,
        Double generatedTokensTotal,
        Double generationSecondsTotal,
        Integer requestsProcessing,
        Integer requestsDeferred,
        Integer busySlots,
        Integer totalSlots,
        Integer contextWindow,
        List<String> servedModels,
        String restartMarker) {

    public HealthRecord {
        servedModels = servedModels == null ? List.of() : List.copyOf(servedModels);
    }

    /** A record for a cluster that could not be reached or is not ready; every measurement unknown. */
    public static HealthRecord down(String target, String reason, Instant observedAt, Long probeLatencyMs) {
        return new HealthRecord(target, false, reason, observedAt, probeLatencyMs, null, null, null, null,
                null, null, null, null, null, List.of(), null);
    }
}
