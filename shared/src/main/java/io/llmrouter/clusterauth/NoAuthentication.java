package io.llmrouter.clusterauth;

import java.net.URI;
import java.net.http.HttpRequest;

/** For clusters reachable only from a trusted network: requests go out as they are. */
public final class NoAuthentication implements ClusterAuthenticator {

    public static final NoAuthentication INSTANCE = new NoAuthentication();

    private NoAuthentication() {
    }

    @Override
    public HttpRequest.Builder apply(HttpRequest.Builder request, String method, URI uri, byte[] body) {
        return request;
    }

    @Override
    public String toString() {
        return "NoAuthentication";
    }
}
