package io.llmrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.TinyModels;
import io.llmrouter.testing.providers.ProviderStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams as real clients read them, through the local stack's front door (the function URL's stand-in)
 * and the route function: the official OpenAI Java SDK reading a real llama-server's generation, and
 * an Anthropic stream (its loopback stand-in, paced like a model) translated to OpenAI's chunks. Each
 * chunk must reach the client as it is generated: the first long before the end, the rest spread over
 * the generation. And a client that hangs up frees the llama-server slot it was holding.
 *
 * <p>The cluster runs the small generated model on one thread, so that 300 tokens take a few seconds.
 */
class StreamingThroughTheStackTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ANTHROPIC_MODEL = "claude-haiku-4-5-20251001";
    static final String ANTHROPIC_KEY = "sk-ant-streaming-test";

    @TempDir
    static Path work;
    static LlamaServerRig llama;
    static ProviderStub anthropic;
    static LocalDeployment stack;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        // The model's whole trained context (2,048 tokens) per slot.
        llama = LlamaServerRig.builder().model(TinyModels.SMALL).servers(1).slots(2).threads(1).contextSize(4096)
                .alias("small-random-llama").build().start();
        anthropic = ProviderStub.anthropic(ANTHROPIC_KEY).stream("wire/anthropic/stream-long.txt")
                .paceStreams(Duration.ofMillis(50));
        Path prices = work.resolve("litellm-model-prices.json");
        try (InputStream feed = StreamingThroughTheStackTest.class.getClassLoader()
                .getResourceAsStream("price-feeds/litellm-model-prices.json")) {
            Files.copy(feed, prices);
        }
        Path config = Files.writeString(work.resolve("router.yaml"), """
                router: {routingStrategy: cost, healthCheckInterval: 2s}
                clusters:
                  - {name: small, endpoint: "%s", costPerHour: 0.05, models: [small-random-llama]}
                externalProviders:
                  - {name: anthropic, type: anthropic, apiKey: %s, baseUrl: "%s", defaultModel: %s, models: [%s]}
                priceFeeds:
                  - {name: litellm, format: litellm, location: "%s"}
                """.formatted(llama.baseUri(0), ANTHROPIC_KEY, anthropic.baseUrl(), ANTHROPIC_MODEL, ANTHROPIC_MODEL,
                prices));
        stack = LocalDeployment.start(config, work.resolve("stack")).serve(0, Duration.ofSeconds(2), Duration.ofSeconds(30));
        client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + stack.port() + "/v1")
                .apiKey("not-needed-locally")
                .maxRetries(0)
                .timeout(Duration.ofMinutes(2))
                .build();
        // The client's first call loads the SDK's classes (about a second): out of the timings below.
        client.models().list();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (anthropic != null) {
            anthropic.close();
        }
        if (llama != null) {
            llama.close();
        }
    }

    @Test
    @Timeout(180)
    void theOpenAiSdkReadsALlamaServerGenerationTokenByTokenAsItIsGenerated() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("small-random-llama")
                .addUserMessage("Tell me a long story about a router.")
                .maxTokens(320)
                // llama-server's own field: generate all 320 tokens, whatever the random model samples.
                .putAdditionalBodyProperty("ignore_eos", JsonValue.from(true))
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();

        Arrivals arrivals = new Arrivals();
        long[] completionTokens = {0};
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunk.usage().ifPresent(usage -> completionTokens[0] = usage.completionTokens());
                if (!chunk.choices().isEmpty() && chunk.choices().get(0).delta().content().isPresent()) {
                    arrivals.add();
                }
            });
        }
        arrivals.end();

        assertTrue(completionTokens[0] >= 300, "tokens generated: " + completionTokens[0]);
        // Fewer chunks than tokens: llama-server holds a token that ends inside a UTF-8 character back for the next.
        assertTrue(arrivals.count() >= 150, "content chunks: " + arrivals.count());
        arrivals.assertStreamed();
    }

    @Test
    @Timeout(60)
    void anAnthropicStreamReachesTheOpenAiSdkChunkByChunkAsTheProviderSendsIt() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(ANTHROPIC_MODEL)
                .addUserMessage("Who are you?")
                .maxTokens(64)
                .build();

        Arrivals arrivals = new Arrivals();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                arrivals.add();
                if (!chunk.choices().isEmpty()) {
                    chunk.choices().get(0).delta().content().ifPresent(text::append);
                }
            });
        }
        arrivals.end();

        assertEquals(ANTHROPIC_MODEL, anthropic.last().body().path("model").asText());
        assertTrue(anthropic.last().body().path("stream").asBoolean(), "asked Anthropic for a stream");
        assertTrue(text.length() > 0, "the text deltas came through");
        assertTrue(arrivals.count() >= 3, "chunks: " + arrivals.count());
        arrivals.assertStreamed();
    }

    @Test
    @Timeout(120)
    void aClientThatHangsUpMidStreamFreesTheLlamaServerSlot() throws Exception {
        String body = JSON.createObjectNode().put("model", "small-random-llama").put("max_tokens", 2000)
                .put("ignore_eos", true).put("stream", true)
                .set("messages", JSON.readTree("[{\"role\":\"user\",\"content\":\"Go on forever.\"}]")).toString();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port() + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();

        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            try (InputStream refusal = response.body()) {
                assertEquals(200, response.statusCode(), new String(refusal.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals("small", response.headers().firstValue("x-router-target").orElse(null),
                "the head, with the target, came before the events");
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            int data = 0;
            while (data < 20) {
                String line = events.readLine();
                assertTrue(line != null, "the stream ended early");
                data += line.startsWith("data: ") ? 1 : 0;
            }
            assertEquals(1, processingSlots(), "the generation is under way");
        }
        http.close();

        // 2,000 tokens take this model over 6 s (about 300 tokens/s on one thread here, fewer on a busy machine):
        // only a cancelled generation frees its slot this soon.
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (processingSlots() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, processingSlots(), "the slot is still generating for a client that left");
    }

    /** Slots of the llama-server that are generating now, from its {@code /slots}. */
    static int processingSlots() throws Exception {
        JsonNode slots = JSON.readTree(llama.server(0).get("/slots").body());
        int processing = 0;
        for (JsonNode slot : slots) {
            processing += slot.path("is_processing").asBoolean() ? 1 : 0;
        }
        return processing;
    }

    /** When each chunk reached the client, from the moment the request was sent. */
    static final class Arrivals {
        private final long started = System.nanoTime();
        private final List<Long> at = new ArrayList<>();
        private long total;

        void add() {
            at.add(System.nanoTime() - started);
        }

        void end() {
            total = System.nanoTime() - started;
        }

        int count() {
            return at.size();
        }

        /**
         * The first chunk came before a quarter of the whole call had passed, and the chunks kept coming
         * over the generation: no quarter of the time between the first and the last holds most of them, as
         * one burst at the end would.
         */
        void assertStreamed() {
            assertTrue(!at.isEmpty(), "no chunks");
            long first = at.getFirst();
            long last = at.getLast();
            String timeline = "first " + first / 1_000_000 + " ms, last " + last / 1_000_000 + " ms, total "
                    + total / 1_000_000 + " ms, " + at.size() + " chunks";
            assertTrue(first < total / 4, "the first chunk came late: " + timeline);
            long span = Math.max(1, last - first);
            int[] quarters = new int[4];
            for (long t : at) {
                quarters[(int) Math.min(3, (t - first) * 4 / span)]++;
            }
            for (int quarter : quarters) {
                assertTrue(quarter <= at.size() * 0.6, "the chunks came in one burst: " + java.util.Arrays.toString(quarters)
                        + "; " + timeline);
            }
            assertTrue(span > total / 2, "the chunks did not spread over the call: " + timeline);
        }
    }
}
