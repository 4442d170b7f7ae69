package io.llmrouter.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.impl.io.ChunkedInputStream;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) on a loopback port, for testing a custom runtime: queue
 * events, and see what the runtime posted back. It records every call in order ({@link #calls()}), and
 * each answer as it arrives: a streamed {@code /response}'s chunks with their arrival times, its trailers,
 * and the prelude of an {@code application/vnd.awslambda.http-integration-response} body.
 *
 * <pre>
 * try (LoopbackRuntimeApi api = LoopbackRuntimeApi.start()) {
 *     // run the runtime with AWS_LAMBDA_RUNTIME_API = api.address()
 *     String id = api.queue(eventJson);
 *     Answer answer = api.awaitAnswer(id, Duration.ofSeconds(30));
 * }
 * </pre>
 *
 * <p>Built on httpcore5's classic server, which hands a chunked request body over as it arrives and
 * keeps its trailers, so no HTTP is parsed here.
 */
public final class LoopbackRuntimeApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INVOCATION = Pattern.compile("/2018-06-01/runtime/invocation/([^/]+)/(response|error)");
    /** What ends the JSON prelude of an HTTP integration response. */
    private static final byte[] PRELUDE_END = new byte[8];

    /** A received chunk of a streamed body (what one read of the chunked stream returned: never more than one chunk). */
    public record Chunk(byte[] bytes, long receivedNanos) {
    }

    /** A queued event, as {@code /invocation/next} hands it out. */
    public record Event(String requestId, String json, long deadlineEpochMillis, String functionArn, String traceId) {
    }

    /** A failure posted to {@code /init/error}, {@code /restore/error} or {@code /invocation/{id}/error}. */
    public record ErrorReport(String errorTypeHeader, JsonNode body) {
        public String errorType() {
            return body.path("errorType").asText();
        }

        public String errorMessage() {
            return body.path("errorMessage").asText();
        }
    }

    /** What the runtime posted for one invocation: a response (streamed or not) or an error. */
    public static final class Answer {
        private final String requestId;
        private final Map<String, String> headers;
        private final List<Chunk> chunks = new ArrayList<>();
        private final Map<String, String> trailers = new LinkedHashMap<>();
        private ErrorReport error;
        private boolean complete;

        Answer(String requestId, Map<String, String> headers) {
            this.requestId = requestId;
            this.headers = headers;
        }

        public String requestId() {
            return requestId;
        }

        /** The request's headers, names in lower case. */
        public Map<String, String> headers() {
            return headers;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public synchronized List<Chunk> chunks() {
            return List.copyOf(chunks);
        }

        /** The trailers that ended a chunked body, names in lower case. */
        public synchronized Map<String, String> trailers() {
            return Map.copyOf(trailers);
        }

        /** The report, if the runtime posted to {@code /invocation/{id}/error}. */
        public synchronized ErrorReport error() {
            return error;
        }

        public synchronized boolean complete() {
            return complete;
        }

        public boolean streamed() {
            return "streaming".equalsIgnoreCase(header("Lambda-Runtime-Function-Response-Mode"));
        }

        /** Every byte of the body received so far. */
        public synchronized byte[] body() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            chunks.forEach(chunk -> all.writeBytes(chunk.bytes()));
            return all.toByteArray();
        }

        /** The JSON before the eight NUL bytes of an HTTP integration response: statusCode, headers, cookies. */
        public JsonNode prelude() {
            byte[] body = body();
            int end = preludeEnd(body);
            try {
                return JSON.readTree(Arrays.copyOfRange(body, 0, end));
            } catch (IOException e) {
                throw new UncheckedIOException("the prelude is not JSON", e);
            }
        }

        /** The body after the prelude: what the function URL's client receives. */
        public String payload() {
            byte[] body = body();
            int end = preludeEnd(body);
            return new String(body, end + PRELUDE_END.length, body.length - end - PRELUDE_END.length, StandardCharsets.UTF_8);
        }

        /** The decoded {@code Lambda-Runtime-Function-Error-Body} trailer, or null. */
        public JsonNode trailerError() {
            String body = trailers().get("lambda-runtime-function-error-body");
            try {
                return body == null ? null : JSON.readTree(Base64.getDecoder().decode(body));
            } catch (IOException e) {
                throw new UncheckedIOException("the error trailer is not base64 JSON", e);
            }
        }

        private static int preludeEnd(byte[] body) {
            outer:
            for (int i = 0; i + PRELUDE_END.length <= body.length; i++) {
                for (int j = 0; j < PRELUDE_END.length; j++) {
                    if (body[i + j] != 0) {
                        continue outer;
                    }
                }
                return i;
            }
            throw new IllegalStateException("no prelude: eight NUL bytes not found in " + body.length + " bytes");
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<String, Answer> answers = new LinkedHashMap<>();
    private final List<ErrorReport> initErrors = new ArrayList<>();
    private final List<ErrorReport> restoreErrors = new ArrayList<>();

    private LoopbackRuntimeApi() throws IOException {
        server = ServerBootstrap.bootstrap()
                .setLocalAddress(InetAddress.getLoopbackAddress())
                .setListenerPort(0)
                .setCanonicalHostName(InetAddress.getLoopbackAddress().getHostAddress())
                // /next is a long poll; and a chunk must leave as soon as it is written, as it does from Lambda.
                .setSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.DISABLED).setTcpNoDelay(true).build())
                .register("*", (request, response, context) -> handle(request, response))
                .create();
        server.start();
    }

    public static LoopbackRuntimeApi start() {
        try {
            return new LoopbackRuntimeApi();
        } catch (IOException e) {
            throw new UncheckedIOException("the loopback Runtime API did not start", e);
        }
    }

    /** host:port, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** Queues an event with a minute to run; returns its request id. */
    public String queue(String eventJson) {
        String requestId = UUID.randomUUID().toString();
        events.add(new Event(requestId, eventJson, System.currentTimeMillis() + 60_000,
                "arn:aws:lambda:us-east-1:000000000000:function:route",
                "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + requestId.replace("-", "").substring(0, 24) + ";Sampled=0"));
        return requestId;
    }

    /** Every call received, in order, as "METHOD /path" (the API version left out), e.g. "GET /runtime/invocation/next". */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<ErrorReport> initErrors() {
        return List.copyOf(initErrors);
    }

    public synchronized List<ErrorReport> restoreErrors() {
        return List.copyOf(restoreErrors);
    }

    /** The answer to an invocation once it is complete: its body and trailers all received, or its error. */
    public Answer awaitAnswer(String requestId, Duration timeout) throws InterruptedException, TimeoutException {
        return awaitAnswer(requestId, Answer::complete, "complete", timeout);
    }

    /** Waits until the answer to an invocation has received bytes that contain {@code text}. */
    public Answer awaitReceived(String requestId, String text, Duration timeout) throws InterruptedException, TimeoutException {
        return awaitAnswer(requestId, answer -> new String(answer.body(), StandardCharsets.UTF_8).contains(text),
                "containing " + text, timeout);
    }

    /** Waits until a call has been received (see {@link #calls()} for the form). */
    public synchronized void awaitCall(String call, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!calls.contains(call)) {
            waitUntil(deadline, "no " + call + " within " + timeout + "; calls: " + calls);
        }
    }

    private synchronized Answer awaitAnswer(String requestId, Predicate<Answer> done, String what, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Answer answer = answers.get(requestId);
            if (answer != null && done.test(answer)) {
                return answer;
            }
            waitUntil(deadline, "no answer to " + requestId + " " + what + " within " + timeout + "; calls: " + calls);
        }
    }

    private void waitUntil(long deadline, String failure) throws InterruptedException, TimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException(failure);
        }
        wait(Math.max(1, left / 1_000_000));
    }

    private void handle(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        String path = request.getPath();
        String call = request.getMethod() + " " + path.replace("/2018-06-01", "");
        synchronized (this) {
            calls.add(call);
            notifyAll();
        }
        Matcher invocation = INVOCATION.matcher(path);
        if (call.equals("GET /runtime/invocation/next")) {
            next(response);
        } else if (invocation.matches() && invocation.group(2).equals("response")) {
            receiveResponse(invocation.group(1), request);
            accepted(response);
        } else if (invocation.matches()) {
            ErrorReport report = errorReport(request);
            synchronized (this) {
                Answer answer = answers.computeIfAbsent(invocation.group(1), id -> new Answer(id, headers(request)));
                answer.error = report;
                answer.complete = true;
                notifyAll();
            }
            accepted(response);
        } else if (call.equals("POST /runtime/init/error")) {
            record(initErrors, errorReport(request));
            accepted(response);
        } else if (call.equals("POST /runtime/restore/error")) {
            record(restoreErrors, errorReport(request));
            accepted(response);
        } else if (call.equals("GET /runtime/restore/next")) {
            response.setCode(200); // the snapshot is "taken and restored" at once
        } else {
            response.setCode(404);
            response.setEntity(new StringEntity("{\"errorMessage\":\"unknown path " + path + "\"}", ContentType.APPLICATION_JSON));
        }
    }

    /** Blocks until an event is queued (or the server closes), as Lambda's long poll does. */
    private void next(ClassicHttpResponse response) throws IOException {
        Event event;
        try {
            event = events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the loopback Runtime API closed");
        }
        response.setCode(200);
        response.setHeader("Lambda-Runtime-Aws-Request-Id", event.requestId());
        response.setHeader("Lambda-Runtime-Deadline-Ms", Long.toString(event.deadlineEpochMillis()));
        response.setHeader("Lambda-Runtime-Invoked-Function-Arn", event.functionArn());
        response.setHeader("Lambda-Runtime-Trace-Id", event.traceId());
        response.setEntity(new StringEntity(event.json(), ContentType.APPLICATION_JSON));
    }

    /** Records the body as it arrives, chunk by chunk, then the trailers. */
    private void receiveResponse(String requestId, ClassicHttpRequest request) throws IOException {
        Answer answer = new Answer(requestId, headers(request));
        synchronized (this) {
            answers.put(requestId, answer);
            notifyAll();
        }
        HttpEntity entity = request.getEntity();
        if (entity != null) {
            InputStream in = entity.getContent();
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                Chunk chunk = new Chunk(Arrays.copyOf(buffer, n), System.nanoTime());
                synchronized (this) {
                    synchronized (answer) {
                        answer.chunks.add(chunk);
                    }
                    notifyAll();
                }
            }
            if (in instanceof ChunkedInputStream chunked) {
                synchronized (answer) {
                    for (Header trailer : chunked.getFooters()) {
                        answer.trailers.put(trailer.getName().toLowerCase(Locale.ROOT), trailer.getValue());
                    }
                }
            }
        }
        synchronized (this) {
            synchronized (answer) {
                answer.complete = true;
            }
            notifyAll();
        }
    }

    private static ErrorReport errorReport(ClassicHttpRequest request) throws IOException {
        Header type = request.getFirstHeader("Lambda-Runtime-Function-Error-Type");
        String body = request.getEntity() == null ? "" : new String(EntityUtils.toByteArray(request.getEntity()), StandardCharsets.UTF_8);
        return new ErrorReport(type == null ? null : type.getValue(), JSON.readTree(body.isEmpty() ? "{}" : body));
    }

    private synchronized void record(List<ErrorReport> reports, ErrorReport report) {
        reports.add(report);
        notifyAll();
    }

    private static Map<String, String> headers(ClassicHttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : request.getHeaders()) {
            headers.merge(header.getName().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + ", " + b);
        }
        return headers;
    }

    private static void accepted(ClassicHttpResponse response) {
        response.setCode(202);
        response.setEntity(new StringEntity("{\"status\":\"OK\"}", ContentType.APPLICATION_JSON));
    }

    /** Stops at once: a runtime waiting on {@code /next} sees its connection close. */
    @Override
    public void close() {
        server.close(CloseMode.IMMEDIATE);
    }
}
