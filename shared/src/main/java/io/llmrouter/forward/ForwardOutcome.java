package io.llmrouter.forward;

import io.llmrouter.routing.Candidate;

import java.util.List;
import java.util.Map;

/**
 * How forwarding a request ended.
 *
 * <ul>
 *   <li>{@link Answered}: a candidate answered (2xx, or the client's own 4xx passed back as is);</li>
 *   <li>{@link Exhausted}: every candidate tried failed, or the time budget ran out.</li>
 * </ul>
 */
public sealed interface ForwardOutcome {

    List<Attempt> attempts();

    /** @param usage the {@code usage} object the upstream reported (body or stream), or null */
    record Answered(Candidate candidate, int status, Map<String, String> headers, byte[] body,
                    com.fasterxml.jackson.databind.JsonNode usage, List<Attempt> attempts) implements ForwardOutcome {
    }

    record Exhausted(List<Attempt> attempts) implements ForwardOutcome {
    }
}
