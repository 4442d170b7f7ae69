package io.llmrouter.cost.feed;

import io.llmrouter.config.PriceFeedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the body of a price feed from an http(s) URL or from a file ({@code file:} URI or plain path).
 *
 * <p>The timeout covers the whole exchange, body included: {@link HttpRequest#timeout} alone stops
 * waiting once the headers arrive, and a feed that trickles its body would hold the function past its
 * schedule. Messages name the URL without its query string and user info, where API keys live
 * (the GCP catalog takes {@code ?key=}).
 *
 * <p>Not final: {@link #fetch(PriceFeedConfig)} is the one seam a simulation needs to serve a feed
 * document as it stood at a simulated time (the trace replay's price changes).
 */
public class PriceFeedFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(PriceFeedFetcher.class);

    private final HttpClient client;

    public PriceFeedFetcher() {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    public PriceFeedFetcher(HttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public byte[] fetch(PriceFeedConfig feed) throws PriceFeedException {
        return fetch(feed.location(), feed.timeout());
    }

    /**
     * @param location an http(s) URL, a {@code file:} URI or a file path
     * @param timeout  for URLs, the longest the whole exchange may take
     * @throws PriceFeedException when the feed cannot be read: no answer in time, a status other than
     *                            2xx, a network error, a missing file
     */
    public byte[] fetch(String location, Duration timeout) throws PriceFeedException {
        Objects.requireNonNull(location, "location");
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return fetchUrl(location, Objects.requireNonNull(timeout, "timeout"));
        }
        return readFile(location);
    }

    private byte[] fetchUrl(String location, Duration timeout) throws PriceFeedException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("price feed timeout must be positive, was " + timeout);
        }
        URI uri;
        HttpRequest request;
        try {
            uri = URI.create(location);
            request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            // The location may carry a key, so it is not repeated here.
            throw new PriceFeedException("price feed location is not a valid http(s) URL");
        }
        String where = redacted(uri);
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (response.statusCode() / 100 != 2) {
                throw new PriceFeedException(where + " answered HTTP " + response.statusCode());
            }
            LOG.debug("fetched {} bytes from {} in {} ms", response.body().length, where,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return response.body();
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw timedOut(where, timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(where, timeout);
            }
            throw new PriceFeedException("cannot fetch " + where + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()), cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new PriceFeedException("interrupted while fetching " + where, e);
        }
    }

    private static PriceFeedException timedOut(String where, Duration timeout) {
        return new PriceFeedException(where + " gave no complete answer within " + timeout.toMillis() + " ms");
    }

    private static byte[] readFile(String location) throws PriceFeedException {
        Path path;
        try {
            path = location.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new PriceFeedException("price feed location is neither an http(s) URL nor a file path: " + location);
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new PriceFeedException("cannot read price feed file " + path + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** Scheme, host, port and path: never the query string or user info, which may hold keys. */
    static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
