package io.llmrouter.forward;

import org.apache.http.Header;
import org.apache.http.HttpConnection;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.DefaultHttpRequestRetryHandler;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The HTTP/1.1 client the forwarder sends upstream requests with: blocking, on the calling thread, over a
 * pool of kept-alive connections (Apache HttpClient 4.5, which the AWS SDK's own HTTP client already brings).
 *
 * <p>Blocking on the request's own thread is the point. Java's {@code java.net.http} client hands every
 * exchange between its selector thread and an executor; at 32 concurrent loopback requests that cost
 * 2.3 times the CPU a request of this client (110 against 48 us, client and server together), and at one
 * request at a time about 45 us more latency. No retry once a request is sent: the forwarder's failover decides
 * what happens next, within the request's time budget.
 */
final class UpstreamHttp {

    /** Connections kept per upstream host; a Lambda instance uses one at a time, a local stack one per client. */
    private static final int CONNECTIONS_PER_HOST = 256;
    /** A pooled connection idle longer than this is checked before reuse: the server may have closed it. */
    private static final int REVALIDATE_AFTER_IDLE_MILLIS = 1_000;
    private final CloseableHttpClient client;
    private final int connectTimeoutMillis;

    /** @param tls a client certificate or private CA to use; null for the JDK's defaults */
    UpstreamHttp(Duration connectTimeout, SSLContext tls) {
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        RegistryBuilder<ConnectionSocketFactory> schemes = RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", tls == null ? SSLConnectionSocketFactory.getSocketFactory()
                        : new SSLConnectionSocketFactory(tls, SSLConnectionSocketFactory.getDefaultHostnameVerifier()));
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(schemes.build());
        pool.setMaxTotal(CONNECTIONS_PER_HOST * 4);
        pool.setDefaultMaxPerRoute(CONNECTIONS_PER_HOST);
        pool.setValidateAfterInactivity(REVALIDATE_AFTER_IDLE_MILLIS);
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .setUserAgent("llm-router")
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                // Retries only a request that never left (a kept-alive connection found closed while writing).
                .setRetryHandler(new DefaultHttpRequestRetryHandler(1, false))
                .build();
    }

    /**
     * Sends a request and waits for its response headers, at most {@code headersTimeout}.
     *
     * @param deadlineNanos the request's time budget as a {@link System#nanoTime()} value; reading the body
     *                      is bounded by it (see {@link Exchange#body})
     * @param idleLimit     the longest one read of the body may wait, or null for no limit short of the deadline
     * @throws IOException no connection, no headers in time, or a broken exchange
     */
    Exchange send(String method, URI uri, Map<String, String> headers, byte[] body, Duration headersTimeout,
                  long deadlineNanos, Duration idleLimit) throws IOException {
        HttpRequestBase request = new Request(method, uri, body);
        headers.forEach(request::setHeader);
        int headersMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, headersTimeout.toMillis()));
        request.setConfig(RequestConfig.custom()
                .setConnectTimeout(Math.min(connectTimeoutMillis, headersMillis))
                .setConnectionRequestTimeout(headersMillis)
                .setSocketTimeout(headersMillis)
                .build());
        HttpClientContext context = HttpClientContext.create();
        CloseableHttpResponse response = client.execute(request, context);
        int idleMillis = idleLimit == null ? Integer.MAX_VALUE
                : (int) Math.max(1, Math.min(Integer.MAX_VALUE, idleLimit.toMillis()));
        return new Exchange(response, context.getConnection(), deadlineNanos, idleMillis);
    }

    /** One response being read. Closing it returns a fully read connection to the pool and drops any other. */
    static final class Exchange implements Closeable {
        private final CloseableHttpResponse response;
        private final HttpConnection connection;
        private final long deadlineNanos;
        private final int idleMillis;
        private boolean expired;

        private Exchange(CloseableHttpResponse response, HttpConnection connection, long deadlineNanos,
                         int idleMillis) {
            this.response = response;
            this.connection = connection;
            this.deadlineNanos = deadlineNanos;
            this.idleMillis = idleMillis;
        }

        int status() {
            return response.getStatusLine().getStatusCode();
        }

        /** The Content-Type, or an empty string. */
        String contentType() {
            Header type = response.getFirstHeader("Content-Type");
            return type == null || type.getValue() == null ? "" : type.getValue();
        }

        /**
         * The response body, read within the time budget: each read waits at most until the deadline (and at
         * most the idle limit), and a read after the deadline fails, so a body that stalls or trickles ends
         * there with a {@link SocketTimeoutException} and {@link #expired()} says whether the budget was the
         * reason. No timer thread is involved.
         */
        InputStream body() throws IOException {
            HttpEntity entity = response.getEntity();
            return entity == null ? InputStream.nullInputStream() : new WithinBudget(entity.getContent());
        }

        /** True when reading the body ran into the deadline. */
        boolean expired() {
            return expired;
        }

        /** The idle limit of one read, in whole seconds, for messages. */
        long idleLimitSeconds() {
            return Math.max(1, idleMillis / 1000);
        }

        @Override
        public void close() throws IOException {
            response.close();
        }

        /** Sets the socket's read timeout to what is left of the budget (at most the idle limit) before each read. */
        private final class WithinBudget extends FilterInputStream {
            WithinBudget(InputStream body) {
                super(body);
            }

            @Override
            public int read() throws IOException {
                limitWait();
                try {
                    return super.read();
                } catch (SocketTimeoutException e) {
                    throw spent(e);
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                limitWait();
                try {
                    return super.read(buffer, offset, length);
                } catch (SocketTimeoutException e) {
                    throw spent(e);
                }
            }

            private void limitWait() throws SocketTimeoutException {
                long leftNanos = deadlineNanos - System.nanoTime();
                if (leftNanos <= 0) {
                    expired = true;
                    throw new SocketTimeoutException("the time budget is spent");
                }
                if (connection != null) {
                    // Rounded up: a timeout of 0 would mean no timeout at all.
                    connection.setSocketTimeout((int) Math.min(idleMillis, (leftNanos + 999_999) / 1_000_000));
                }
            }

            private SocketTimeoutException spent(SocketTimeoutException e) {
                expired = expired || deadlineNanos - System.nanoTime() <= 0;
                return e;
            }
        }
    }

    /** Any method with a body: the translators say which (POST for every API the router speaks). */
    private static final class Request extends HttpEntityEnclosingRequestBase {
        private final String method;

        Request(String method, URI uri, byte[] body) {
            this.method = method;
            setURI(uri);
            if (body.length > 0) {
                setEntity(new ByteArrayEntity(body));
            }
        }

        @Override
        public String getMethod() {
            return method;
        }
    }
}
