package io.llmrouter.routing;

import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** Reading routing decisions in tests. */
final class Decisions {

    private Decisions() {
    }

    /** The candidates' target names, in the order they would be tried. */
    static List<String> order(RoutingDecision decision) {
        return decision.candidates().stream().map(c -> c.target().name()).toList();
    }

    static String first(RoutingDecision decision) {
        return decision.chosen().orElseThrow(() -> new AssertionError("no candidate: " + decision.summary()))
                .target().name();
    }

    /** Why {@code target} was rejected; fails when it was not. */
    static String rejectionOf(RoutingDecision decision, String target) {
        return decision.rejections().stream().filter(r -> r.target().name().equals(target)).map(Rejection::reason)
                .findFirst().orElseGet(() -> fail(target + " was not rejected: " + decision.summary()));
    }
}
