package io.llmrouter.forward;

import io.llmrouter.routing.Target;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * How to reach one configured target: its base URL, the HTTP client to use (a cluster with mTLS has
 * its own, holding the client certificate) and how requests are authenticated. Built from config
 * only: the router never sends a request to a URL taken from a request.
 */
public interface Upstream {

    Target target();

    HttpClient client();

    /** The URI of an OpenAI-style path such as {@code chat/completions} on this target. */
    URI resolve(String openAiPath);

    /** Adds credentials (API key header, HMAC signature over the body) to a request about to be sent. */
    void authenticate(HttpRequest.Builder request, String method, URI uri, byte[] body);
}
