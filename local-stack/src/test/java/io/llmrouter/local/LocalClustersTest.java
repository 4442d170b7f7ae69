package io.llmrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local stack's stop and start endpoint for its demo llama-servers, over a real loopback listener. */
class LocalClustersTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A server process as the endpoint sees it: running or not. */
    static final class FakeServer implements LocalClusters.Server {
        boolean running = true;
        int starts;

        public boolean running() {
            return running;
        }

        public void stop() {
            running = false;
        }

        public void start() {
            starts++;
            running = true;
        }
    }

    HttpServer server;
    URI base;
    final Map<String, FakeServer> fakes = new LinkedHashMap<>();

    void serve(LocalClusters clusters) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            try (exchange) {
                clusters.handle(exchange);
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void serveTwo() throws Exception {
        fakes.put("aws-us-west-2", new FakeServer());
        fakes.put("gcp-us-central1", new FakeServer());
        serve(new LocalClusters(new LinkedHashMap<>(fakes)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String errorCode(HttpResponse<String> response) throws Exception {
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertTrue(error.path("message").isTextual() && error.path("type").isTextual(), response.body());
        return error.path("code").asText();
    }

    @Test
    void listsStopsAndStartsTheDemoServersByName() throws Exception {
        serveTwo();
        HttpResponse<String> list = send("GET", "/local/clusters", Map.of());
        assertEquals(200, list.statusCode());
        assertEquals(List.of("aws-us-west-2", "gcp-us-central1"), JSON.readTree(list.body()).path("clusters").findValuesAsText("name"));

        HttpResponse<String> stopped = send("POST", "/local/clusters/aws-us-west-2/stop", Map.of());
        assertEquals(200, stopped.statusCode(), stopped.body());
        assertFalse(JSON.readTree(stopped.body()).path("running").asBoolean());
        assertFalse(fakes.get("aws-us-west-2").running);
        assertTrue(fakes.get("gcp-us-central1").running, "only the one named");

        HttpResponse<String> started = send("POST", "/local/clusters/aws-us-west-2/start", Map.of());
        assertTrue(JSON.readTree(started.body()).path("running").asBoolean());
        send("POST", "/local/clusters/aws-us-west-2/start", Map.of());
        assertEquals(1, fakes.get("aws-us-west-2").starts, "a running server is not started twice");
    }

    @Test
    void badRequestsAre4xxInOpenAisErrorShape() throws Exception {
        serveTwo();
        assertEquals("unknown_url", errorCode(send("POST", "/local/clusters/nowhere/stop", Map.of())));
        assertEquals("unknown_url", errorCode(send("POST", "/local/clusters/aws-us-west-2/explode", Map.of())));
        assertEquals("unknown_url", errorCode(send("POST", "/local/clusters/aws-us-west-2/stop/now", Map.of())));
        HttpResponse<String> get = send("GET", "/local/clusters/aws-us-west-2/stop", Map.of());
        assertEquals(405, get.statusCode());
        assertEquals("method_not_allowed", errorCode(get));
        assertEquals(405, send("DELETE", "/local/clusters", Map.of()).statusCode());
        assertTrue(fakes.values().stream().allMatch(f -> f.running), "nothing was stopped");
    }

    @Test
    void aPageOfAnotherSiteCannotStopAServer() throws Exception {
        serveTwo();
        HttpResponse<String> crossSite = send("POST", "/local/clusters/aws-us-west-2/stop",
                Map.of("Origin", "https://evil.example"));
        assertEquals(403, crossSite.statusCode());
        assertEquals("cross_origin", errorCode(crossSite));
        assertTrue(fakes.get("aws-us-west-2").running);
        HttpResponse<String> own = send("POST", "/local/clusters/aws-us-west-2/stop", Map.of("Origin", base.toString()));
        assertEquals(200, own.statusCode(), own.body());
    }

    @Test
    void withoutDemoServersTheEndpointIsA404SoThePlaygroundShowsNoButtons() throws Exception {
        serve(LocalClusters.of(LocalDeployment.DEMO_CLUSTERS, null));
        HttpResponse<String> list = send("GET", "/local/clusters", Map.of());
        assertEquals(404, list.statusCode());
        assertEquals("unknown_url", errorCode(list));
    }

    @Test
    void onlyItsOwnPathsAreServed() {
        assertTrue(LocalClusters.serves("/local/clusters"));
        assertTrue(LocalClusters.serves("/local/clusters/aws-us-west-2/stop"));
        assertFalse(LocalClusters.serves("/v1/local/clusters"));
        assertFalse(LocalClusters.serves("/local/clustersx"));
    }
}
