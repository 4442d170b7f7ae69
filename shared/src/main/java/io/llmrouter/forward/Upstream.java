package io.llmrouter.forward;

import io.llmrouter.forward.translate.ProviderTranslator;
import io.llmrouter.routing.Target;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * How to reach one configured target: its base URL, the HTTP client to use (a cluster with mTLS has
 * its own, holding the client certificate), the wire format it speaks and how requests are
 * authenticated. Built from config only: the router never sends a request to a URL taken from a request.
 */
public interface Upstream {

    Target target();

    HttpClient client();

    /** Translates OpenAI chat calls to this target's wire format and back. */
    ProviderTranslator translator();

    /** The URI of a path from {@link ProviderTranslator#toUpstream} on this target. */
    URI resolve(String upstreamPath);

    /** Adds credentials (API key header, HMAC signature over the body) to a request about to be sent. */
    void authenticate(HttpRequest.Builder request, String method, URI uri, byte[] body);
}
