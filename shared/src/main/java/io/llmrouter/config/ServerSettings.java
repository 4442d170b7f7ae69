package io.llmrouter.config;

/**
 * The router's own front door. Only {@code ./run-local} listens on a port (this one, unless
 * {@code --port} says otherwise); on AWS, the function URL owns the socket. The Go router's read, write and
 * idle timeouts are not read: the route function's timeout and its forward
 * budget ({@code FORWARD_TOTAL_BUDGET}) bound a request instead.
 */
public record ServerSettings(int port) {

    public static ServerSettings defaults() {
        return new ServerSettings(8080);
    }
}
