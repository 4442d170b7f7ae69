package io.llmrouter.config;

import java.time.Duration;

/**
 * HTTP settings of the router's own front door (the local stack uses the port; on AWS, API Gateway
 * owns the socket and only the timeouts matter).
 */
public record ServerSettings(int port, Duration readTimeout, Duration writeTimeout, Duration idleTimeout) {

    public static ServerSettings defaults() {
        return new ServerSettings(8080, Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(60));
    }
}
