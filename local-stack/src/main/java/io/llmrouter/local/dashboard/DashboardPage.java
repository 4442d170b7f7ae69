package io.llmrouter.local.dashboard;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Serves the local cost dashboard: {@code GET /dashboard} (the page, with its charts drawn in the
 * browser) and {@code GET /dashboard/data} (the series, from the {@link MetricsBoard}). The charts are
 * those of the CloudWatch dashboard the templates deploy, fed by the same request metrics and gauges.
 */
public final class DashboardPage {

    private final MetricsBoard board;
    private final byte[] page;

    public DashboardPage(MetricsBoard board) {
        this.board = board;
        try (InputStream in = DashboardPage.class.getResourceAsStream("/dashboard/index.html")) {
            if (in == null) {
                throw new IllegalStateException("dashboard/index.html is missing from the classpath");
            }
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether this page answers the path. */
    public static boolean serves(String path) {
        return path.equals("/dashboard") || path.equals("/dashboard/") || path.equals("/dashboard/data");
    }

    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "application/json",
                    "{\"error\":{\"message\":\"Only GET is served here.\",\"type\":\"invalid_request_error\",\"code\":\"method_not_allowed\"}}"
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (path.equals("/dashboard/data")) {
            send(exchange, 200, "application/json", DashboardData.of(board).toString().getBytes(StandardCharsets.UTF_8));
        } else {
            send(exchange, 200, "text/html; charset=utf-8", page);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
