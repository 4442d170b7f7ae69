package io.llmrouter.route;

import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.wiring.EmfDocuments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.time.Duration;

/**
 * The routing state's availability as CloudWatch metrics (EMF on stdout): {@code SnapshotLoadFailures}
 * when a load of the routing state fails, {@code SnapshotStaleServes} when a request is routed on the
 * last snapshot because loads are failing. Both are zero in normal operation, so they cost nothing
 * until DynamoDB is unreachable; the {@code routing-state-unreachable} alarm watches the first.
 */
final class EmfSnapshotMetrics implements SnapshotCacheListener {

    private final String namespace;

    EmfSnapshotMetrics(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public void onLoadFailed(RuntimeException cause, Duration snapshotAge) {
        publish("SnapshotLoadFailures", snapshotAge);
    }

    @Override
    public void onServedStale(Duration snapshotAge) {
        publish("SnapshotStaleServes", snapshotAge);
    }

    private void publish(String metric, Duration snapshotAge) {
        EmfDocuments.print(metrics -> record(metrics, metric, snapshotAge));
    }

    private void record(Metrics metrics, String metric, Duration snapshotAge) {
        metrics.setNamespace(namespace);
        metrics.clearDefaultDimensions();
        metrics.addDimension(DimensionSet.of("Function", RouteBeans.FUNCTION));
        metrics.addMetric(metric, 1, MetricUnit.COUNT);
        if (snapshotAge != null) {
            // How old the routing state in use is: the figure to read while the alarm is on.
            metrics.addMetric("SnapshotAge", snapshotAge.toMillis() / 1000.0, MetricUnit.SECONDS);
        }
    }
}
