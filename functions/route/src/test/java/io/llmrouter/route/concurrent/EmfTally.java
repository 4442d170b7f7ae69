package io.llmrouter.route.concurrent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for the function's stdout, where Powertools prints one Embedded Metric Format document per routed
 * request (and one per team): it reads each request's document as CloudWatch Logs would, and keeps, per request id,
 * the target and status it reports. Everything else printed is dropped.
 */
public final class EmfTally extends PrintStream {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one request's document says. */
    public record Document(String target, int status, int attempts, double failovers, double breakerOpens) {
    }

    private final Map<String, Document> byRequestId = new ConcurrentHashMap<>();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong teamDocuments = new AtomicLong();

    public EmfTally() {
        super(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Override
    public void println(String line) {
        if (line == null || !line.startsWith("{") || !line.contains("\"_aws\"")) {
            return;
        }
        JsonNode document;
        try {
            document = JSON.readTree(line);
        } catch (IOException e) {
            unreadable.incrementAndGet();
            return;
        }
        if (!document.has("requestId")) {
            teamDocuments.incrementAndGet();
            return;
        }
        Document read = new Document(document.path("Target").asText(null), document.path("status").asInt(),
                document.path("attempts").asInt(), document.path("Failovers").asDouble(),
                document.path("BreakerOpens").asDouble());
        if (byRequestId.putIfAbsent(document.path("requestId").asText(), read) != null) {
            repeats.incrementAndGet();
        }
    }

    public Document of(String requestId) {
        return byRequestId.get(requestId);
    }

    public int size() {
        return byRequestId.size();
    }

    public long repeats() {
        return repeats.get();
    }

    /** Lines that looked like EMF documents and were not JSON: two documents written into each other. */
    public long unreadable() {
        return unreadable.get();
    }

    public long teamDocuments() {
        return teamDocuments.get();
    }
}
