package io.llmrouter.routing;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.config.RouterSettings;
import io.llmrouter.cost.RequestCostEstimate;
import io.llmrouter.cost.RequestCostEstimator;
import io.llmrouter.routing.filter.Refusal;
import io.llmrouter.routing.filter.TargetFilters;
import io.llmrouter.routing.strategy.CandidateOrder;
import io.llmrouter.routing.strategy.RoutingStrategy;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.RoutingSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses where a request goes: resolves the requested model to eligible targets, filters out those
 * that cannot take it now, ranks the rest by the configured strategy and lets hysteresis keep a
 * stable choice.
 *
 * <p>Targets without a cost record are still offered: a cluster whose price is not computed yet is
 * not unhealthy. Having no estimated cost, they rank after every priced target of their tier.
 *
 * <p>One router per configuration; it holds the hysteresis memory, so keep it for the life of the
 * process. Thread-safe.
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    static final String FALLBACK_DISABLED = "no cluster can take the request and external fallback is disabled"
            + " (router.enableExternalFallback: false)";

    private final RouterSettings settings;
    private final TargetCatalog catalog;
    private final TargetFilters filters;
    private final RoutingStrategy strategy;
    private final CandidateOrder order;
    private final Hysteresis hysteresis;
    private final RequestCostEstimator estimator;
    private final ComplexityTiers tiers;
    private final HealthFreshness freshness;
    private final LiveEvidence evidence;

    public Router(RouterConfig config) {
        this(config, new LiveEvidence());
    }

    /** @param evidence the successful answers this instance has seen, shared with its forwarder */
    public Router(RouterConfig config, LiveEvidence evidence) {
        this.settings = config.router();
        this.catalog = new TargetCatalog(config);
        this.evidence = evidence;
        this.freshness = new HealthFreshness(settings.healthStaleAfter(), config.store().snapshotRefresh(), evidence);
        this.filters = new TargetFilters(settings, freshness, evidence);
        this.strategy = RoutingStrategy.forSettings(settings);
        this.order = new CandidateOrder(strategy);
        this.hysteresis = new Hysteresis(settings.hysteresis(), strategy);
        this.estimator = new RequestCostEstimator(settings.assumedOutputTokens());
        this.tiers = new ComplexityTiers(settings.complexity());
    }

    /** Whether requests should carry a complexity analysis ({@code router.complexity.enabled}). */
    public boolean tiersByComplexity() {
        return settings.complexity().enabled();
    }

    public TargetCatalog catalog() {
        return catalog;
    }

    /** How this router judges the age of health records; the same judgement for routing and for reports. */
    public HealthFreshness freshness() {
        return freshness;
    }

    public LiveEvidence evidence() {
        return evidence;
    }

    /**
     * The targets to try for {@code request}, best first, judged on {@code snapshot} as of {@code now}
     * (health records are stale relative to {@code now}, breakers reopen at {@code now}).
     */
    public RoutingDecision decide(RouteRequest request, RoutingSnapshot snapshot, Instant now) {
        String model = request.requestedModel();
        List<EligibleTarget> eligible = catalog.resolve(model, snapshot);
        if (eligible.isEmpty()) {
            return RoutingDecision.unknownModel(model);
        }

        List<Candidate> admitted = new ArrayList<>(eligible.size());
        List<Rejection> rejections = new ArrayList<>();
        boolean clusterEligible = false;
        boolean clusterAdmitted = false;
        Map<String, String> notes = null;
        Set<String> unfit = null;
        List<Rejection> busy = null;
        List<Candidate> busyCandidates = null;
        for (int i = 0, n = eligible.size(); i < n; i++) {
            EligibleTarget target = eligible.get(i);
            TargetState state = TargetState.lookup(target, snapshot);
            Refusal refusal = filters.check(state, request, now);
            boolean cluster = target.target().isCluster();
            clusterEligible |= cluster;
            if (refusal != null) {
                Rejection rejected = new Rejection(target.target(), target.upstreamModel(), refusal.reason());
                if (refusal.busy()) {
                    if (busy == null) {
                        busy = new ArrayList<>();
                        busyCandidates = new ArrayList<>();
                    }
                    busy.add(rejected);
                    Candidate candidate = candidate(state, request);
                    busyCandidates.add(candidate.withReason(candidate.reason() + "; no target is free, and this one is"
                            + " only busy: " + refusal.reason()));
                    continue;
                }
                rejections.add(rejected);
                if (refusal.tooLarge()) {
                    unfit = unfit == null ? new HashSet<>() : unfit;
                    unfit.add(target.target().name());
                }
            } else {
                clusterAdmitted |= cluster;
                admitted.add(candidate(state, request));
                String note = filters.admissionNote(state, now);
                if (note != null) {
                    notes = notes == null ? new HashMap<>() : notes;
                    notes.put(target.target().name(), note);
                }
            }
        }
        if (clusterEligible && !clusterAdmitted && strategy.providersOnlyAsFallback()
                && !settings.enableExternalFallback()) {
            for (Candidate provider : admitted) {
                rejections.add(new Rejection(provider.target(), provider.upstreamModel(), FALLBACK_DISABLED));
            }
            admitted.clear();
        }
        if (busy != null) {
            if (admitted.isEmpty()) {
                // Busy is not down: a request waits in a full queue rather than fail for want of a free target.
                admitted.addAll(busyCandidates);
            } else {
                rejections.addAll(busy);
            }
        }
        if (admitted.isEmpty()) {
            return new RoutingDecision(RoutingDecision.Outcome.NO_HEALTHY_TARGET, model, List.of(), rejections);
        }

        admitted.sort(order);
        List<Candidate> ranked = withNotes(tiers.apply(request.complexity(), hysteresis.apply(model, admitted, now, unfit == null ? Set.of() : unfit)),
                notes);
        if (LOG.isDebugEnabled()) {
            LOG.debug("model '{}': {} candidate(s), {} rejected, first {}", model, ranked.size(), rejections.size(),
                    ranked.get(0).summary());
        }
        return new RoutingDecision(RoutingDecision.Outcome.ROUTED, model, ranked, rejections);
    }

    /** Appends each note to its candidate's reason, after ranking, which may rewrite reasons. */
    private static List<Candidate> withNotes(List<Candidate> ranked, Map<String, String> notes) {
        if (notes == null) {
            return ranked;
        }
        List<Candidate> noted = new ArrayList<>(ranked.size());
        for (Candidate c : ranked) {
            String note = notes.get(c.target().name());
            noted.add(note == null ? c : c.withReason(c.reason() + "; " + note));
        }
        return noted;
    }

    private Candidate candidate(TargetState state, RouteRequest request) {
        CostRecord cost = state.cost();
        RequestCostEstimate estimate = cost == null ? null
                : estimator.estimate(request.promptTokens(), request.maxOutputTokens(), cost);
        Double costPer1k = cost == null ? null : cost.costPer1k();
        Long latency = state.health() == null ? null : state.health().probeLatencyMs();
        int tier = strategy.tier(state.target(), costPer1k);
        return new Candidate(state.target(), state.eligible().upstreamModel(), estimate, costPer1k, latency, tier,
                strategy.tierReason(tier));
    }
}
