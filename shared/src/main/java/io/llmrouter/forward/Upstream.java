package io.llmrouter.forward;

import io.llmrouter.forward.translate.ProviderTranslator;
import io.llmrouter.routing.Target;

import java.net.URI;
import java.util.Map;

/**
 * How to reach one configured target: its base URL, the HTTP client to use (a cluster with mTLS or a
 * private CA has its own, holding the certificates), the wire format it speaks and how requests are
 * authenticated. Built from config only: the router never sends a request to a URL taken from a request.
 */
public interface Upstream {

    Target target();

    UpstreamHttp http();

    /** Translates OpenAI chat calls to this target's wire format and back. */
    ProviderTranslator translator();

    /** The URI of a path from {@link ProviderTranslator#toUpstream} on this target. */
    URI resolve(String upstreamPath);

    /** The credential headers (API key, HMAC signature over the body) of a request about to be sent. */
    Map<String, String> credentials(String method, URI uri, byte[] body);
}
