package io.llmrouter.clusterauth;

import java.net.URI;
import java.util.Map;

/** For clusters reachable only from a trusted network: requests go out as they are. */
public final class NoAuthentication implements ClusterAuthenticator {

    public static final NoAuthentication INSTANCE = new NoAuthentication();

    private NoAuthentication() {
    }

    @Override
    public Map<String, String> headers(String method, URI uri, byte[] body) {
        return Map.of();
    }

    @Override
    public String toString() {
        return "NoAuthentication";
    }
}
