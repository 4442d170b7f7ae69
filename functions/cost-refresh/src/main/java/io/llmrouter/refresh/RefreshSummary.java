package io.llmrouter.refresh;

import io.llmrouter.cost.CostRefresher;
import io.llmrouter.state.CostRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one invocation did, returned to Lambda (and shown by {@code sam local invoke}).
 *
 * @param clusterCostPer1k the $/1K, basis and node $/h of each cluster priced in this run
 * @param failedFeeds      "feed: reason" for each feed or node price list skipped whole
 */
public record RefreshSummary(int recordsWritten, Map<String, String> clusterCostPer1k, List<String> unpricedClusters,
                             List<String> failedFeeds, int rejectedPrices) {

    static RefreshSummary of(CostRefresher.Report report) {
        Map<String, String> clusters = new LinkedHashMap<>();
        for (CostRecord record : report.written()) {
            if (CostRecord.ANY_MODEL.equals(record.model())) {
                clusters.put(record.target(), String.format(java.util.Locale.ROOT, "%.6f (%s, node %s $/h)",
                        record.costPer1k(), record.basis().name().toLowerCase(java.util.Locale.ROOT),
                        record.nodePricePerHour()));
            }
        }
        List<String> failed = report.feedFailures().stream().map(f -> f.feed() + ": " + f.reason()).toList();
        return new RefreshSummary(report.written().size(), clusters, report.unpricedClusters(), failed,
                report.rejectedPrices().size());
    }
}
