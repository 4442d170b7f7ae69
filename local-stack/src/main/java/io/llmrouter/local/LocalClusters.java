package io.llmrouter.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.llmrouter.testing.llama.LlamaServerRig;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The demo clusters' llama-servers, stopped and started by name, so that the playground can show a failover:
 * {@code GET /local/clusters} lists them ({@code {"clusters":[{"name","running"}]}}) and
 * {@code POST /local/clusters/{name}/stop} or {@code .../start} stops or starts one. Only the local front door
 * serves these paths, on its loopback listener; the route function has no such route, so on AWS they are
 * 404s and the playground shows no buttons. With {@code --config} there are no demo servers: 404 too.
 */
final class LocalClusters {

    static final String PATH = "/local/clusters";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOOPBACK_HOST =
            Pattern.compile("(?i)(127\\.0\\.0\\.1|localhost|\\[::1])(:\\d+)?");

    /** One demo cluster's server process. */
    interface Server {
        boolean running();

        void stop();

        /** Starts it again and returns once it answers its health check. */
        void start();
    }

    private final Map<String, Server> servers;

    LocalClusters(Map<String, Server> servers) {
        this.servers = new LinkedHashMap<>(servers);
    }

    /** The rig's servers under the demo clusters' names; none when the stack runs someone else's config. */
    static LocalClusters of(List<String> names, LlamaServerRig rig) {
        Map<String, Server> servers = new LinkedHashMap<>();
        if (rig != null) {
            for (int i = 0; i < names.size(); i++) {
                int index = i;
                servers.put(names.get(i), new Server() {
                    public boolean running() {
                        return rig.server(index).isAlive();
                    }

                    public void stop() {
                        rig.stop(index);
                    }

                    public void start() {
                        rig.restart(index);
                    }
                });
            }
        }
        return new LocalClusters(servers);
    }

    static boolean serves(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (servers.isEmpty()) {
            error(exchange, 404, "unknown_url", "No local demo clusters: the stack runs a config of its own.");
            return;
        }
        if (!sameOrigin(exchange)) {
            // A page on another site must not switch the user's local servers off (a cross-site POST needs no preflight).
            error(exchange, 403, "cross_origin", "Only pages of this front door may stop or start its clusters.");
            return;
        }
        if (path.equals(PATH) || path.equals(PATH + "/")) {
            if (!method.equals("GET")) {
                error(exchange, 405, "method_not_allowed", "Use GET " + PATH + ".");
                return;
            }
            ObjectNode root = JSON.createObjectNode();
            ArrayNode list = root.putArray("clusters");
            servers.forEach((name, server) -> list.addObject().put("name", name).put("running", server.running()));
            send(exchange, 200, root.toString());
            return;
        }
        String[] parts = path.substring(PATH.length() + 1).split("/", -1);
        Server server = parts.length == 2 ? servers.get(parts[0]) : null;
        if (server == null || !(parts[1].equals("stop") || parts[1].equals("start"))) {
            error(exchange, 404, "unknown_url", "Use POST " + PATH + "/{name}/stop or /start with one of "
                    + String.join(", ", servers.keySet()) + ".");
            return;
        }
        if (!method.equals("POST")) {
            error(exchange, 405, "method_not_allowed", "Use POST to stop or start a cluster.");
            return;
        }
        try {
            synchronized (server) {
                if (parts[1].equals("stop")) {
                    server.stop();
                } else if (!server.running()) {
                    server.start();
                }
            }
        } catch (RuntimeException e) {
            error(exchange, 409, "switch_failed", parts[0] + " could not " + parts[1] + ": " + e.getMessage());
            return;
        }
        send(exchange, 200, JSON.createObjectNode().put("name", parts[0]).put("running", server.running()).toString());
    }

    /**
     * A browser names the page's origin on a POST and on cross-site requests; it must be this listener's own
     * (as the Host header names it), and that a loopback name, so that a rebound DNS name cannot pass for it.
     * curl sends no Origin, and is let through: it is already on this machine.
     */
    private static boolean sameOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host != null && !LOOPBACK_HOST.matcher(host).matches()) {
            return false;
        }
        if (origin == null) {
            return !"cross-site".equals(exchange.getRequestHeaders().getFirst("Sec-Fetch-Site"));
        }
        try {
            URI uri = URI.create(origin);
            return host != null && "http".equals(uri.getScheme()) && host.equalsIgnoreCase(uri.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", message).put("type", "invalid_request_error").put("code", code);
        send(exchange, status, root.toString());
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
