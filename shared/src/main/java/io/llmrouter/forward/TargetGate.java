package io.llmrouter.forward;

import io.llmrouter.forward.translate.Usage;
import io.llmrouter.routing.Candidate;

import java.util.Optional;

/**
 * Asked before each attempt whether its target may be sent one more request now: a target at its own rate
 * limit ({@code limits.targets}) counts as full, and the next candidate is tried instead of collecting the
 * provider's 429. What a sent attempt used is reported back.
 */
public interface TargetGate {

    /** Why {@code candidate}'s target may not take this request now; empty when it may (and its share is taken). */
    Optional<String> take(Candidate candidate);

    /** A sent attempt on {@code candidate} ended; {@code usage} as reported, null when it got no answer. */
    void sent(Candidate candidate, Usage usage);

    /** Every target may always be sent. */
    TargetGate OPEN = new TargetGate() {
        @Override
        public Optional<String> take(Candidate candidate) {
            return Optional.empty();
        }

        @Override
        public void sent(Candidate candidate, Usage usage) {
        }
    };
}
