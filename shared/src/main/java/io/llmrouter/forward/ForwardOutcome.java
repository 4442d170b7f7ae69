package io.llmrouter.forward;

import io.llmrouter.forward.translate.Usage;
import io.llmrouter.routing.Candidate;

import java.util.List;
import java.util.Map;

/**
 * How forwarding a request ended.
 *
 * <ul>
 *   <li>{@link Answered}: a candidate answered (2xx, or the client's own 4xx passed back as is);</li>
 *   <li>{@link Exhausted}: every candidate tried failed, or the time budget ran out;</li>
 *   <li>{@link Refused}: no candidate could take the request as asked (a chat feature no target's
 *       wire format has): the client's request is at fault, not the targets;</li>
 *   <li>{@link HeldBack}: nothing was sent, because the breaker of every candidate that could take the
 *       request was due a trial that another request claimed first: no target is available, as when
 *       the router rejects them all.</li>
 * </ul>
 */
public sealed interface ForwardOutcome {

    List<Attempt> attempts();

    /** Time spent waiting on upstreams and breakers opened, for metrics. */
    ForwardStats stats();

    /**
     * @param upstreamNanos time inside upstream attempts (request sent to body read), all attempts together
     * @param breakerOpens  circuit breakers the attempts opened
     */
    record ForwardStats(long upstreamNanos, int breakerOpens) {
        public static final ForwardStats NONE = new ForwardStats(0, 0);
    }

    /**
     * @param body  OpenAI's wire format: a JSON response, or the relayed {@code text/event-stream}
     * @param usage the tokens the upstream reported (body or stream); {@link Usage#UNKNOWN} when none
     */
    record Answered(Candidate candidate, int status, Map<String, String> headers, byte[] body, Usage usage,
                    List<Attempt> attempts, ForwardStats stats) implements ForwardOutcome {
    }

    record Exhausted(List<Attempt> attempts, ForwardStats stats) implements ForwardOutcome {
    }

    /** @param attempts one per candidate, each saying why it was held back (or could not take the request) */
    record HeldBack(List<Attempt> attempts) implements ForwardOutcome {
        @Override
        public ForwardStats stats() {
            return ForwardStats.NONE;
        }
    }

    /**
     * @param message why the first candidate could not take the request
     * @param param   the request field at fault, or null
     */
    record Refused(String message, String param, List<Attempt> attempts) implements ForwardOutcome {
        @Override
        public ForwardStats stats() {
            return ForwardStats.NONE;
        }
    }
}
