package io.llmrouter.route.runtime;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;

/**
 * Client of the Lambda Runtime API (version 2018-06-01) at {@code AWS_LAMBDA_RUNTIME_API}: one method per
 * call the streaming runtime makes. Each request runs on the caller's thread; several loops (on Lambda Managed
 * Instances) call it at once, each holding up to two connections (its long poll, then its answer).
 *
 * <p>No timeouts: {@code /invocation/next} is a long poll that returns when Lambda has an event, and
 * Lambda freezes the whole environment between invocations, so a clock running across a freeze would
 * fire for no reason. Nagle is off so that each flushed chunk of a streaming answer leaves at once.
 * The client's default retry of idempotent requests stays on: a {@code GET /next} on a connection the
 * API closed while the environment was frozen is sent again, while a POST is never repeated.
 */
final class RuntimeApi implements AutoCloseable {

    static final String API_VERSION = "2018-06-01";

    private final String base;
    private final CloseableHttpClient http;

    /** @param address host:port, as in {@code AWS_LAMBDA_RUNTIME_API} */
    RuntimeApi(String address) {
        this(address, 1);
    }

    /** @param loops how many runtime loops call this client at once */
    RuntimeApi(String address, int loops) {
        this.base = "http://" + address + "/" + API_VERSION + "/runtime";
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(Math.max(2, 2 * loops))
                        .setMaxConnTotal(Math.max(2, 2 * loops))
                        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(Timeout.DISABLED).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setSocketTimeout(Timeout.DISABLED).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.DISABLED).build())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .setUserAgent("llm-router-stream-runtime")
                .build();
    }

    /** Waits for the next event. */
    Invocation next() throws IOException {
        return http.execute(new HttpGet(base + "/invocation/next"), response -> {
            byte[] event = expectSuccess(response, "GET /invocation/next");
            String requestId = header(response, "Lambda-Runtime-Aws-Request-Id");
            if (requestId == null) {
                throw new IOException("GET /invocation/next answered without Lambda-Runtime-Aws-Request-Id");
            }
            String deadline = header(response, "Lambda-Runtime-Deadline-Ms");
            return new Invocation(requestId, deadline == null ? Long.MAX_VALUE : Long.parseLong(deadline.trim()),
                    header(response, "Lambda-Runtime-Invoked-Function-Arn"), header(response, "Lambda-Runtime-Trace-Id"),
                    event);
        });
    }

    /** Sends an answer in streaming mode; returns once the function has written it all. */
    void respond(String requestId, StreamingAnswerEntity answer) throws IOException {
        HttpPost post = new HttpPost(base + "/invocation/" + requestId + "/response");
        post.setHeader("Lambda-Runtime-Function-Response-Mode", "streaming");
        post.setEntity(answer); // chunked: the client adds Transfer-Encoding, Content-Type and Trailer from it
        send(post, "POST /invocation/{id}/response");
    }

    /** The invocation failed before anything of its answer was sent. */
    void invocationError(String requestId, FunctionError error) throws IOException {
        send(errorPost("/invocation/" + requestId + "/error", error), "POST /invocation/{id}/error");
    }

    /** The function could not be built: Lambda fails the init and starts another environment. */
    void initError(FunctionError error) throws IOException {
        send(errorPost("/init/error", error), "POST /init/error");
    }

    /** SnapStart: the hooks have run; returns once Lambda has taken the snapshot and restored it. */
    void restoreNext() throws IOException {
        http.execute(new HttpGet(base + "/restore/next"), response -> expectSuccess(response, "GET /restore/next"));
    }

    /** SnapStart: an after-restore hook failed. */
    void restoreError(FunctionError error) throws IOException {
        send(errorPost("/restore/error", error), "POST /restore/error");
    }

    private HttpPost errorPost(String path, FunctionError error) {
        HttpPost post = new HttpPost(base + path);
        post.setHeader(StreamingAnswerEntity.ERROR_TYPE, error.type());
        post.setEntity(new ByteArrayEntity(error.json(), ContentType.APPLICATION_JSON));
        return post;
    }

    private void send(ClassicHttpRequest request, String what) throws IOException {
        http.execute(request, response -> expectSuccess(response, what));
    }

    /** The body of a 2xx answer (the API answers 200 to a GET, 202 to what a runtime posts). */
    private static byte[] expectSuccess(ClassicHttpResponse response, String what) throws IOException {
        HttpEntity entity = response.getEntity();
        byte[] body = entity == null ? new byte[0] : EntityUtils.toByteArray(entity);
        if (response.getCode() / 100 != 2) {
            throw new IOException(what + " answered " + response.getCode() + ": "
                    + new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
        return body;
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
