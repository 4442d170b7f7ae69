package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.routing.Router;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.RoutingSnapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.TreeSet;

/**
 * {@code GET /v1/models} (every model name a request may ask for) and {@code GET /health} (how many
 * clusters and providers can take requests now, judged as the router judges them).
 */
final class CatalogEndpoints {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouterConfig config;
    private final Router router;
    private final RoutingState state;
    private final Clock clock;

    CatalogEndpoints(RouterConfig config, Router router, RoutingState state, Clock clock) {
        this.config = config;
        this.router = router;
        this.state = state;
        this.clock = clock;
    }

    HttpAnswer models() {
        RoutingSnapshot snapshot = state.stored();
        TreeSet<String> ids = new TreeSet<>();
        ids.add(RouterConfig.AUTO_MODEL);
        ids.addAll(config.modelAliases().keySet());
        config.clusters().forEach(c -> ids.addAll(c.models()));
        config.enabledProviders().forEach(p -> {
            ids.addAll(p.models());
            if (p.defaultModel() != null) {
                ids.add(p.defaultModel());
            }
        });
        for (ClusterConfig cluster : config.clusters()) {
            if (cluster.models().isEmpty()) {
                snapshot.healthOf(cluster.name()).ifPresent(h -> ids.addAll(h.servedModels()));
            }
        }
        config.enabledProviders().stream().filter(p -> p.models().isEmpty()).forEach(p ->
                snapshot.costs().keySet().stream().filter(k -> k.target().equals(p.name())
                        && !CostRecord.ANY_MODEL.equals(k.model())).forEach(k -> ids.add(k.model())));
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String id : ids) {
            data.addObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", "llm-router");
        }
        return HttpAnswer.json(200, root.toString()).answeredByRouter("model list");
    }

    HttpAnswer health() {
        RoutingSnapshot snapshot = state.stored();
        Instant now = clock.instant();
        long healthyClusters = config.clusters().stream()
                .map(c -> snapshot.healthOf(c.name()).orElse(null))
                .filter(h -> h != null && h.up() && h.observedAt() != null
                        && router.freshness().judge(h.target(), h, snapshot.loadedAt(), now).admitted())
                .count();
        long healthyProviders = config.enabledProviders().stream()
                .filter(p -> snapshot.breakerOf(p.name()).map(b -> b.admits(now)).orElse(true))
                .count();
        ObjectNode root = JSON.createObjectNode();
        root.put("status", healthyClusters + healthyProviders > 0 ? "ok" : "unavailable");
        root.put("healthy_clusters", healthyClusters);
        root.put("total_clusters", config.clusters().size());
        root.put("healthy_providers", healthyProviders);
        root.put("total_providers", config.enabledProviders().size());
        root.put("timestamp", now.toString());
        return HttpAnswer.json(healthyClusters + healthyProviders > 0 ? 200 : 503, root.toString())
                .answeredByRouter("health summary");
    }
}
