package io.llmrouter.cost.feed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.llmrouter.config.PriceFeedConfig;
import io.llmrouter.config.PriceFeedFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fetcher against a real HTTP server on loopback, standing in for the feed hosts. */
class PriceFeedFetcherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final PriceFeedFetcher fetcher = new PriceFeedFetcher();
    private final CountDownLatch releaseSlowHandlers = new CountDownLatch(1);
    private HttpServer server;
    private ExecutorService handlers;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        byte[] litellm = PriceFeedFixtures.bytes(PriceFeedFixtures.LITELLM);
        server.createContext("/prices.json", exchange -> answer(exchange, 200, litellm));
        server.createContext("/broken", exchange -> answer(exchange, 500,
                "{\"error\":\"internal\"}".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/html", exchange -> answer(exchange, 200,
                "<html><body>Sign in to continue</body></html>".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/slow", slowly(litellm));
        server.start();
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        releaseSlowHandlers.countDown();
        server.stop(0);
        handlers.shutdownNow();
        assertTrue(handlers.awaitTermination(10, TimeUnit.SECONDS));
    }

    private String url(String path) {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + path;
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Sends headers and half the body at once, the rest only when the test ends. */
    private HttpHandler slowly(byte[] body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, body.length / 2);
                out.flush();
                releaseSlowHandlers.await(30, TimeUnit.SECONDS);
                out.write(body, body.length / 2, body.length - body.length / 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up; nothing to answer
            }
        };
    }

    @Test
    void readsA200BodyThatParses() throws PriceFeedException {
        PriceFeedConfig feed = new PriceFeedConfig("litellm", PriceFeedFormat.LITELLM, url("/prices.json"), TIMEOUT, 10);
        byte[] body = fetcher.fetch(feed);
        assertArrayEquals(PriceFeedFixtures.bytes(PriceFeedFixtures.LITELLM), body);
        assertEquals(9, ModelPriceParsers.forFormat(feed.format()).parse(body).prices().size());
    }

    @Test
    void aServerErrorRejectsTheFeed() {
        PriceFeedException e = assertThrows(PriceFeedException.class, () -> fetcher.fetch(url("/broken"), TIMEOUT));
        assertTrue(e.getMessage().endsWith("/broken answered HTTP 500"), e.getMessage());
    }

    @Test
    void aBodyThatTricklesPastTheTimeoutRejectsTheFeed() {
        PriceFeedException e = assertThrows(PriceFeedException.class,
                () -> fetcher.fetch(url("/slow"), Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("no complete answer within 300 ms"), e.getMessage());
    }

    @Test
    void anHtmlPageWithStatus200IsFetchedButRejectedByTheParser() throws PriceFeedException {
        byte[] body = fetcher.fetch(url("/html"), TIMEOUT);
        PriceFeedException e = assertThrows(PriceFeedException.class,
                () -> ModelPriceParsers.forFormat(PriceFeedFormat.OPENROUTER).parse(body));
        assertTrue(e.getMessage().contains("HTML page"), e.getMessage());
    }

    @Test
    void aClosedPortRejectsTheFeed() throws IOException {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        PriceFeedException e = assertThrows(PriceFeedException.class,
                () -> fetcher.fetch("http://127.0.0.1:" + port + "/prices.json", TIMEOUT));
        assertTrue(e.getMessage().startsWith("cannot fetch http://127.0.0.1:" + port + "/prices.json"), e.getMessage());
    }

    @Test
    void messagesNeverCarryTheQueryStringOrUserInfo() {
        PriceFeedException e = assertThrows(PriceFeedException.class,
                () -> fetcher.fetch(url("/broken").replace("http://", "http://user:pw@") + "?key=s3cr3t-api-key", TIMEOUT));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
        assertTrue(e.getMessage().contains("/broken answered HTTP 500"), e.getMessage());

        PriceFeedException invalid = assertThrows(PriceFeedException.class,
                () -> fetcher.fetch("https://billing.example.test/v1/skus?key=s3cr3t api key", TIMEOUT));
        assertEquals("price feed location is not a valid http(s) URL", invalid.getMessage());
    }

    @Test
    void readsAFileByPathOrFileUri(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.json");
        Files.write(file, PriceFeedFixtures.bytes(PriceFeedFixtures.OPENROUTER));
        assertArrayEquals(Files.readAllBytes(file), fetcher.fetch(file.toString(), TIMEOUT));
        assertArrayEquals(Files.readAllBytes(file), fetcher.fetch(file.toUri().toString(), TIMEOUT));
    }

    @Test
    void aMissingFileRejectsTheFeed(@TempDir Path dir) {
        PriceFeedException e = assertThrows(PriceFeedException.class,
                () -> fetcher.fetch(dir.resolve("absent.json").toString(), TIMEOUT));
        assertTrue(e.getMessage().contains("NoSuchFileException"), e.getMessage());
    }
}
