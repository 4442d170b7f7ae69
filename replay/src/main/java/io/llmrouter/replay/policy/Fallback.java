package io.llmrouter.replay.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The fallback list the compared policies give the forwarder, as a LiteLLM deployment configures one: the
 * policy's own choice, then the premium provider (when it is another target). A choice of nothing stays nothing.
 */
final class Fallback {

    private Fallback() {
    }

    static List<String> then(String choice, String fallback) {
        if (choice == null) {
            return List.of();
        }
        List<String> targets = new ArrayList<>(2);
        targets.add(choice);
        if (fallback != null && !fallback.equals(choice)) {
            targets.add(fallback);
        }
        return targets;
    }
}
