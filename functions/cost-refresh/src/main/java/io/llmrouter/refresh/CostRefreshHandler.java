package io.llmrouter.refresh;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.llmrouter.cost.CostRefresher;
import io.llmrouter.wiring.EmfDocuments;
import io.llmrouter.wiring.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import org.slf4j.LoggerFactory;

/** Lambda entry point of cost-refresh, run by an EventBridge schedule. */
public class CostRefreshHandler extends FunctionHandler<ScheduledEvent, RefreshSummary> {

    private static final Logger LOG = LoggerFactory.getLogger(CostRefreshHandler.class);

    @Inject
    CostRefresher refresher;
    @Inject
    CostGauges gauges;

    /** Used by the Lambda runtime. */
    public CostRefreshHandler() {
    }

    /** Used by the local stack and tests, to pass properties such as the DynamoDB endpoint. */
    public CostRefreshHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    /**
     * Counts in CloudWatch (Embedded Metric Format on stdout: no API call, nothing lost when Lambda
     * freezes) so that failing feeds and rejected prices can be alarmed on.
     */
    private static void publishMetrics(RefreshSummary summary) {
        EmfDocuments.print(metrics -> {
            // The templates set POWERTOOLS_METRICS_NAMESPACE; the local stack and tests may not.
            metrics.setNamespace(System.getenv().getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "LlmRouter"));
            metrics.addDimension("Function", "cost-refresh");
            metrics.addMetric("CostRecordsWritten", summary.recordsWritten(), MetricUnit.COUNT);
            metrics.addMetric("PriceFeedFailures", summary.failedFeeds().size(), MetricUnit.COUNT);
            metrics.addMetric("PricesRejected", summary.rejectedPrices(), MetricUnit.COUNT);
            metrics.addMetric("ClustersUnpriced", summary.unpricedClusters().size(), MetricUnit.COUNT);
        });
    }

    @Override
    protected RefreshSummary execute(ScheduledEvent event, Context lambda) {
        CostRefresher.Report report = refresher.refresh();
        RefreshSummary summary = RefreshSummary.of(report);
        LOG.info("cost refresh: {} records written, unpriced clusters {}, {} feeds failed, {} prices rejected",
                summary.recordsWritten(), summary.unpricedClusters(), summary.failedFeeds().size(),
                summary.rejectedPrices());
        publishMetrics(summary);
        // Before returning: Lambda freezes the container as soon as the handler does.
        gauges.publish(report);
        return summary;
    }
}
