package io.llmrouter.health;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.state.HealthRecord;

/**
 * Observes one cluster once. Implementations never throw: an unreachable, slow or broken cluster
 * is a {@link HealthRecord} that says it is down and why.
 */
@FunctionalInterface
public interface HealthProbe {

    HealthRecord probe(ClusterConfig cluster);
}
