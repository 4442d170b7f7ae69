package io.llmrouter.testing.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A loopback CloudWatch that speaks {@code PutMetricData} as AWS SDK 2.40.2's CloudWatch client sends
 * it: the AWS Query protocol, {@code POST /} with a form-encoded body
 * ({@code Action=PutMetricData&Version=2010-08-01&Namespace=..&MetricData.member.1.MetricName=..}),
 * SigV4-signed for the {@code monitoring} service, gzip-compressed ({@code Content-Encoding: gzip})
 * once the body passes the SDK's 10 KB threshold. It answers as CloudWatch does: HTTP 200 with a
 * {@code PutMetricDataResponse} XML document, or HTTP 400 with an {@code ErrorResponse} for input
 * CloudWatch rejects, so a client speaking the protocol wrong fails instead of passing.
 */
public final class CloudWatchStub implements AutoCloseable {

    private static final String XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    /** CloudWatch's StandardUnit values. */
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");

    /** One metric data point as CloudWatch stored it. */
    public record Datum(String namespace, String name, Map<String, String> dimensions, double value, String unit,
                        Instant timestamp, int storageResolution) {
    }

    /** One accepted PutMetricData call. */
    public record Call(String namespace, List<Datum> data, boolean gzipped) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int failNextCalls;
    private volatile int requestsSeen;

    public CloudWatchStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Accepted PutMetricData calls, in arrival order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every HTTP request that reached the stub, accepted or not. */
    public int requestsSeen() {
        return requestsSeen;
    }

    /** Every data point accepted, in arrival order. */
    public List<Datum> data() {
        return calls.stream().flatMap(c -> c.data().stream()).toList();
    }

    /** The data points of one metric, optionally for one {@code Target} (null: no dimensions). */
    public List<Datum> data(String metric, String target) {
        Map<String, String> dimensions = target == null ? Map.of() : Map.of("Target", target);
        return data().stream().filter(d -> d.name().equals(metric) && d.dimensions().equals(dimensions)).toList();
    }

    public void clear() {
        calls.clear();
        requestsSeen = 0;
    }

    /** The next {@code count} calls answer HTTP 500 InternalServiceError, as CloudWatch does when it fails. */
    public void failNextCalls(int count) {
        failNextCalls = count;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requestsSeen++;
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())
                    || contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
                error(exchange, 400, "Sender", "InvalidAction", "Could not find operation for this request");
                return;
            }
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")
                    || !authorization.contains("/monitoring/aws4_request")) {
                error(exchange, 403, "Sender", "MissingAuthenticationToken", "Request is missing Authentication Token");
                return;
            }
            boolean gzipped = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            byte[] body;
            try (InputStream in = gzipped ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> form = form(new String(body, StandardCharsets.US_ASCII));
            if (failNextCalls > 0) {
                failNextCalls--;
                error(exchange, 500, "Receiver", "InternalServiceError", "injected failure");
                return;
            }
            if (!"PutMetricData".equals(form.get("Action"))) {
                error(exchange, 400, "Sender", "InvalidAction", "The action " + form.get("Action") + " is not valid for this web service.");
                return;
            }
            if (!"2010-08-01".equals(form.get("Version"))) {
                error(exchange, 400, "Sender", "InvalidParameterValue", "Invalid API version " + form.get("Version"));
                return;
            }
            Call call;
            try {
                call = putMetricData(form, gzipped);
            } catch (Rejected e) {
                error(exchange, 400, "Sender", e.code, e.getMessage());
                return;
            }
            calls.add(call);
            respond(exchange, 200, "<PutMetricDataResponse xmlns=\"" + XMLNS + "\">\n"
                    + "  <ResponseMetadata>\n    <RequestId>" + UUID.randomUUID() + "</RequestId>\n"
                    + "  </ResponseMetadata>\n</PutMetricDataResponse>\n");
        }
    }

    private static Call putMetricData(Map<String, String> form, boolean gzipped) throws Rejected {
        String namespace = form.get("Namespace");
        if (namespace == null || namespace.isEmpty()) {
            throw new Rejected("MissingParameter", "The parameter Namespace is required.");
        }
        if (namespace.startsWith("AWS/")) {
            throw new Rejected("InvalidParameterValue", "The value AWS/ for parameter Namespace is invalid.");
        }
        List<Datum> data = new ArrayList<>();
        for (int n = 1; form.containsKey("MetricData.member." + n + ".MetricName"); n++) {
            data.add(datum(namespace, form, "MetricData.member." + n + "."));
        }
        if (data.isEmpty()) {
            throw new Rejected("MissingParameter", "The parameter MetricData is required.");
        }
        if (data.size() > 1000) {
            throw new Rejected("InvalidParameterValue", "The collection MetricData must not have a size greater than 1000.");
        }
        return new Call(namespace, List.copyOf(data), gzipped);
    }

    private static Datum datum(String namespace, Map<String, String> form, String prefix) throws Rejected {
        String name = form.get(prefix + "MetricName");
        String rawValue = form.get(prefix + "Value");
        if (rawValue == null) {
            throw new Rejected("MissingParameter", "The parameter " + prefix + "Value is required.");
        }
        double value;
        try {
            value = Double.parseDouble(rawValue);
        } catch (NumberFormatException e) {
            throw new Rejected("InvalidParameterValue", "The value " + rawValue + " for parameter " + prefix + "Value is invalid.");
        }
        if (!Double.isFinite(value)) {
            throw new Rejected("InvalidParameterValue", "The value " + rawValue + " for parameter " + prefix + "Value is invalid.");
        }
        String unit = form.getOrDefault(prefix + "Unit", "None");
        if (!UNITS.contains(unit)) {
            throw new Rejected("InvalidParameterValue", "The parameter " + prefix + "Unit must be a value in the set " + UNITS + ".");
        }
        Map<String, String> dimensions = new TreeMap<>();
        for (int d = 1; form.containsKey(prefix + "Dimensions.member." + d + ".Name"); d++) {
            String dimensionValue = form.get(prefix + "Dimensions.member." + d + ".Value");
            if (dimensionValue == null || dimensionValue.isEmpty()) {
                throw new Rejected("InvalidParameterValue", "The parameter " + prefix + "Dimensions.member." + d + ".Value is required.");
            }
            dimensions.put(form.get(prefix + "Dimensions.member." + d + ".Name"), dimensionValue);
        }
        if (dimensions.size() > 30) {
            throw new Rejected("InvalidParameterValue", "The collection " + prefix + "Dimensions must not have a size greater than 30.");
        }
        Instant timestamp;
        try {
            String raw = form.get(prefix + "Timestamp");
            timestamp = raw == null ? Instant.now() : Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw new Rejected("InvalidParameterValue", "The parameter " + prefix + "Timestamp is invalid.");
        }
        int resolution = Integer.parseInt(form.getOrDefault(prefix + "StorageResolution", "60"));
        if (resolution != 1 && resolution != 60) {
            throw new Rejected("InvalidParameterValue", "The parameter " + prefix + "StorageResolution must be 1 or 60.");
        }
        return new Datum(namespace, name, Map.copyOf(dimensions), value, unit, timestamp, resolution);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    private static void error(HttpExchange exchange, int status, String type, String code, String message) throws IOException {
        respond(exchange, status, "<ErrorResponse xmlns=\"" + XMLNS + "\">\n  <Error>\n    <Type>" + type
                + "</Type>\n    <Code>" + code + "</Code>\n    <Message>" + xml(message) + "</Message>\n  </Error>\n"
                + "  <RequestId>" + UUID.randomUUID() + "</RequestId>\n</ErrorResponse>\n");
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Input CloudWatch answers with a 400. */
    private static final class Rejected extends Exception {
        final String code;

        Rejected(String code, String message) {
            super(message);
            this.code = code;
        }
    }
}
