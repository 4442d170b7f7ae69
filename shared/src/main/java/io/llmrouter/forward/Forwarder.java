package io.llmrouter.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.cost.CostRecord;
import io.llmrouter.routing.Candidate;
import io.llmrouter.routing.RoutingSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a request to the ranked candidates in turn until one answers.
 *
 * <p>A candidate is given up on when it refuses the connection, sends no response headers within
 * {@link ForwardSettings#headersTimeout()}, or answers 429 or 5xx; each such failure is recorded to
 * its circuit breaker. A 4xx is the client's own mistake and is returned as is, without failover.
 * All attempts together stay within {@link ForwardSettings#totalBudget()}.
 */
public final class Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Upstreams upstreams;
    private final CircuitBreakers breakers;
    private final ForwardSettings settings;

    public Forwarder(Upstreams upstreams, CircuitBreakers breakers, ForwardSettings settings) {
        this.upstreams = upstreams;
        this.breakers = breakers;
        this.settings = settings;
    }

    /**
     * @param openAiPath the OpenAI path, e.g. {@code chat/completions}
     * @param body       the client's request body; its {@code model} is replaced per candidate
     */
    public ForwardOutcome forward(String openAiPath, ObjectNode body, List<Candidate> candidates,
                                  RoutingSnapshot snapshot) {
        long deadline = System.nanoTime() + settings.totalBudget().toNanos();
        List<Attempt> attempts = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (attempts.size() >= settings.maxAttempts()) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            String target = candidate.target().name();
            Optional<Upstream> upstream = upstreams.of(candidate.target());
            if (upstream.isEmpty()) {
                attempts.add(new Attempt(target, "wire format not supported yet", 0));
                continue;
            }
            long started = System.nanoTime();
            try {
                byte[] payload = payloadFor(body, candidate);
                URI uri = upstream.get().resolve(openAiPath);
                Duration timeout = Duration.ofNanos(Math.min(left, settings.headersTimeout().toNanos()));
                HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header("Accept", body.path("stream").asBoolean(false) ? "text/event-stream" : "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
                upstream.get().authenticate(request, "POST", uri, payload);
                HttpResponse<InputStream> response = upstream.get().client().send(request.build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (FailoverCause.failsOver(status)) {
                    response.body().close();
                    attempts.add(new Attempt(target, "HTTP " + status, millisSince(started)));
                    breakers.recordFailure(target, snapshot.breakerOf(target).orElse(null));
                    continue;
                }
                boolean streamed = status < 400 && response.headers().firstValue("content-type")
                        .map(type -> type.startsWith("text/event-stream")).orElse(false);
                if (streamed) {
                    SseRelay.Relayed relayed = SseRelay.relay(response.body(), deadline);
                    if (!relayed.firstEventSeen()) {
                        // Nothing has reached the client yet: this target failed, the next one may not.
                        attempts.add(new Attempt(target, relayed.failure(), millisSince(started)));
                        breakers.recordFailure(target, snapshot.breakerOf(target).orElse(null));
                        continue;
                    }
                    attempts.add(new Attempt(target, relayed.completed() ? "ok" : relayed.failure(), millisSince(started)));
                    if (relayed.completed()) {
                        breakers.recordSuccess(target, snapshot.breakerOf(target).orElse(null));
                    } else {
                        breakers.recordFailure(target, snapshot.breakerOf(target).orElse(null));
                    }
                    return new ForwardOutcome.Answered(candidate, status, Map.of("Content-Type", "text/event-stream"),
                            relayed.body(), relayed.usage(), attempts);
                }
                byte[] bytes;
                try (InputStream in = response.body()) {
                    bytes = in.readAllBytes();
                }
                attempts.add(new Attempt(target, status < 400 ? "ok" : "HTTP " + status, millisSince(started)));
                if (status < 400) {
                    breakers.recordSuccess(target, snapshot.breakerOf(target).orElse(null));
                }
                return new ForwardOutcome.Answered(candidate, status, headersOf(response), bytes, usageOf(bytes),
                        attempts);
            } catch (IOException e) {
                attempts.add(new Attempt(target, FailoverCause.describe(e), millisSince(started)));
                breakers.recordFailure(target, snapshot.breakerOf(target).orElse(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                attempts.add(new Attempt(target, "interrupted", millisSince(started)));
                break;
            }
        }
        LOG.warn("no candidate answered: {}", attempts);
        return new ForwardOutcome.Exhausted(attempts);
    }

    /** The body the candidate gets: the client's, with the model the candidate serves it with. */
    static byte[] payloadFor(ObjectNode body, Candidate candidate) throws IOException {
        String model = candidate.upstreamModel();
        if (model == null || CostRecord.ANY_MODEL.equals(model) || model.equals(body.path("model").asText())) {
            return JSON.writeValueAsBytes(body);
        }
        ObjectNode copy = body.deepCopy();
        copy.put("model", model);
        return JSON.writeValueAsBytes(copy);
    }

    private static Map<String, String> headersOf(HttpResponse<?> response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().firstValue("content-type").ifPresent(v -> headers.put("Content-Type", v));
        return headers;
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    /** The usage an OpenAI-style response body reports, or null. */
    public static JsonNode usageOf(byte[] body) {
        try {
            JsonNode usage = JSON.readTree(body).path("usage");
            return usage.isObject() ? usage : null;
        } catch (IOException e) {
            return null;
        }
    }
}
