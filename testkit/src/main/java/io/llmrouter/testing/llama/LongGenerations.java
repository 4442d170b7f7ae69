package io.llmrouter.testing.llama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Chat completions in flight against one server, each generating a fixed number of tokens
 * ({@code ignore_eos}), to occupy slots and make further requests queue. Closing cancels the
 * requests still running.
 */
public final class LongGenerations implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: on a loaded 2-core machine a long generation on the small model takes many seconds. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final HttpClient http;
    private final List<CompletableFuture<HttpResponse<String>>> responses;

    private LongGenerations(HttpClient http, List<CompletableFuture<HttpResponse<String>>> responses) {
        this.http = http;
        this.responses = List.copyOf(responses);
    }

    static LongGenerations start(LlamaServer server, int count, int maxTokens) {
        if (count <= 0 || maxTokens <= 0) {
            throw new IllegalArgumentException("count and maxTokens must be positive, got " + count + " and " + maxTokens);
        }
        // A client of its own: one connection per request, so none waits behind another on the client side.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest request = server.request("/v1/chat/completions")
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(server.alias(), i, maxTokens)))
                    .build();
            responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        return new LongGenerations(http, responses);
    }

    public int count() {
        return responses.size();
    }

    public long completedCount() {
        return responses.stream().filter(CompletableFuture::isDone).count();
    }

    /** Waits for every response; fails when one does not arrive within {@code timeout}. */
    public List<HttpResponse<String>> awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<HttpResponse<String>> done = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            try {
                done.add(response.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                throw new IllegalStateException("long generations still running after " + timeout, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a long generation failed: " + e.getCause(), e.getCause());
            }
        }
        return done;
    }

    @Override
    public void close() {
        responses.forEach(response -> response.cancel(true));
        http.shutdownNow();
    }

    private static String body(String model, int index, int maxTokens) {
        ObjectNode body = JSON.createObjectNode()
                .put("model", model)
                .put("max_tokens", maxTokens)
                .put("ignore_eos", true)
                .put("stream", false);
        // Distinct prompts, so no request is served from another's prompt cache.
        body.putArray("messages").addObject()
                .put("role", "user")
                .put("content", "Request " + index + ": tell me a very long story about the world.");
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
