package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The page-by-page reading the HTTP price lists share: fetch one page with {@link PriceFeedFetcher} (so
 * timeouts, status checks and redacted messages are those of token-price feeds) and read its root
 * object. Each source follows its API's own next-page field.
 */
final class FeedPages {

    private FeedPages() {
    }

    static JsonNode page(PriceFeedFetcher fetcher, URI url, Duration timeout, String feed) throws PriceFeedException {
        return FeedJson.readRootObject(fetcher.fetch(url.toString(), timeout), feed);
    }

    /** {@code base} with a query parameter appended, its value encoded. */
    static URI withParameter(URI base, String name, String value) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        String separator = base.getRawQuery() == null ? "?" : "&";
        return URI.create(base + separator + name + "=" + encoded);
    }

    /** Whether {@code link} points at the same scheme, host and port as {@code base}. */
    static boolean sameOrigin(URI base, URI link) {
        return link.getScheme() != null && link.getHost() != null
                && base.getScheme().equalsIgnoreCase(link.getScheme())
                && base.getHost().equalsIgnoreCase(link.getHost())
                && port(base) == port(link);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }
}
