package io.llmrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.testing.browser.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole router on this machine ({@code ./run-local}) driven over HTTP as a client would: health,
 * completions, streaming, failover.
 */
class LocalDeploymentTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String CHAT = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"max_tokens\":8}";

    @TempDir
    static Path work;
    static LocalDeployment stack;
    static URI base;

    @BeforeAll
    static void start() throws Exception {
        stack = DemoStack.start(work);
        base = DemoStack.base(stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheOpenAiApiAndFailsOverWhenTheChosenClusterStops() throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertEquals(3, JSON.readTree(health.body()).path("healthy_clusters").asInt());

        HttpResponse<String> first = post("/v1/chat/completions", CHAT);
        assertEquals(200, first.statusCode(), first.body());
        String chosen = first.headers().firstValue("x-router-target").orElseThrow();
        assertEquals("aws-us-west-2", chosen, "the cheapest node per hour at equal speed");
        JsonNode completion = JSON.readTree(first.body());
        assertEquals("chat.completion", completion.path("object").asText());
        assertNotNull(first.headers().firstValue("x-router-cost-usd").orElse(null));

        stack.llama().stop(LocalDeployment.DEMO_CLUSTERS.indexOf(chosen));
        HttpResponse<String> after = post("/v1/chat/completions", CHAT);
        assertEquals(200, after.statusCode(), after.body());
        assertNotEquals(chosen, after.headers().firstValue("x-router-target").orElseThrow());
    }

    @Test
    void streamsInOpenAisChunkFormat() throws Exception {
        HttpResponse<String> stream = post("/v1/chat/completions",
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":8,"
                        + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertEquals(200, stream.statusCode(), stream.body());
        assertTrue(stream.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        assertTrue(stream.body().contains("chat.completion.chunk"), stream.body());
        assertTrue(stream.headers().firstValue("x-router-target").isPresent(), "the head names the target");
        assertTrue(stream.headers().firstValue("x-router-cost-usd").isEmpty(), "the head leaves before the cost is known");
        // The cost comes last, in comment lines clients skip: after [DONE], with the savings against the demo's baseline.
        assertTrue(stream.body().matches("(?s).*data: \\[DONE]\n\n: x-router-cost-usd: \\d+\\.\\d{8}\n\n"
                + ": x-router-savings-usd: -?\\d+\\.\\d{8}\n\n"), stream.body());
    }

    @Test
    void anOversizedBodyIsRefusedAtTheFrontDoorLikeTheFunctionUrl() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "x".repeat(FrontDoor.MAX_PAYLOAD_BYTES + 10));
        assertEquals(413, response.statusCode());
        assertEquals("request_too_large", JSON.readTree(response.body()).path("error").path("code").asText());
    }

    @Test
    void bytesThatAreNotUtf8ReachTheRouterAsSentAndAreRefused() throws Exception {
        String before = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"caf";
        byte[] latin1 = (before + "\u00e9\"}]}").getBytes(StandardCharsets.ISO_8859_1);
        for (String type : new String[] {"application/json", null}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(latin1));
            if (type != null) {
                request.header("Content-Type", type);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode(), type + ": " + response.body());
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertEquals("invalid_encoding", error.path("code").asText(), response.body());
            assertTrue(error.path("message").asText().contains("offset " + before.length()), response.body());
            assertEquals("invalid request", response.headers().firstValue("x-router-reason").orElse(null));
            assertEquals("0", response.headers().firstValue("x-router-attempts").orElse(null));
        }
    }

    @Test
    void aFormPostIsRefusedAsNotJson() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, response.statusCode(), response.body());
        assertEquals("unsupported_media_type", JSON.readTree(response.body()).path("error").path("code").asText());
    }

    @Test
    void theDashboardChartsTheRequestsItServedInHeadlessChromium() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post("/v1/chat/completions", CHAT).statusCode());
        }
        assertEquals(400, post("/v1/chat/completions", "{\"model\":\"auto\"}").statusCode());
        String deterministic = CHAT.substring(0, CHAT.length() - 1) + ",\"temperature\":0}";
        assertEquals("miss", post("/v1/chat/completions", deterministic).headers().firstValue("x-router-cache").orElse(""));
        assertEquals("hit", post("/v1/chat/completions", deterministic).headers().firstValue("x-router-cache").orElse(""));

        JsonNode data = JSON.readTree(HTTP.send(HttpRequest.newBuilder(base.resolve("/dashboard/data")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(data.path("totals").path("requests").asInt() >= 4, data.toString());
        assertTrue(data.path("totals").path("spendUsd").asDouble() > 0, data.toString());
        assertTrue(data.path("totals").path("savingsUsd").asDouble() > 0, "the demo baseline is the priciest cluster");
        assertTrue(data.path("costPer1k").size() >= 3, data.path("costPer1k").toString());
        assertTrue(data.path("spendByTeam").has("none"), "requests without a key are team none: " + data);
        assertEquals(1, data.path("totals").path("cacheHits").asInt(), data.path("totals").toString());
        assertTrue(data.path("totals").path("cacheSavedUsd").asDouble() > 0, data.path("totals").toString());

        Path chromium = HeadlessChromium.binary().orElse(null);
        Assumptions.assumeTrue(chromium != null, "Debian's chromium package is not installed (.ci/run installs it)");
        String dom = HeadlessChromium.renderedDom(chromium, base.resolve("/dashboard"), 5000, work.resolve("chromium"));
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(dom);
        assertEquals("true", page.body().attr("data-rendered"), dom);
        for (String chart : List.of("spend", "cumulative", "spendByTeam", "costPer1k", "health", "latency", "errors",
                "cache")) {
            var series = page.select("#" + chart + " svg path.series");
            assertFalse(series.isEmpty(), chart + " draws no series: " + page.select("#" + chart));
            assertTrue(series.stream().anyMatch(p -> Integer.parseInt(p.attr("data-points")) > 0),
                    chart + " has no data points");
        }
        var bars = page.select("#decisions svg rect.bar");
        assertFalse(bars.isEmpty(), "decisions by target and reason");
        assertTrue(bars.stream().anyMatch(b -> b.attr("data-target").equals("none")), "the refused request counts too");
    }

    @Test
    void theSpendEndpointServesWhatTheRequestsCostThroughTheFrontDoor() throws Exception {
        double charged = 0;
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> answer = post("/v1/chat/completions", CHAT);
            assertEquals(200, answer.statusCode(), answer.body());
            charged += Double.parseDouble(answer.headers().firstValue("x-router-cost-usd").orElseThrow());
        }
        HttpResponse<String> spend = HTTP.send(HttpRequest.newBuilder(base.resolve("/v1/router/spend?groupBy=team&granularity=hour"))
                .header("Authorization", "Bearer local-admin-key").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, spend.statusCode(), spend.body());
        JsonNode none = JSON.readTree(spend.body()).path("data").get(0);
        assertEquals("none", none.path("group").asText(), spend.body());
        assertTrue(none.path("requests").asInt() >= 2 && none.path("usd").asDouble() >= charged - 1e-7, spend.body());

        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(base.resolve("/v1/router/spend?groupBy=region"))
                .header("Authorization", "Bearer local-admin-key").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("groupBy", JSON.readTree(refused.body()).path("error").path("param").asText());
    }
}
