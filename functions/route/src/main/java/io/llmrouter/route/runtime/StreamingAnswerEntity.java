package io.llmrouter.route.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.apache.hc.core5.function.Supplier;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.message.BasicHeader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of a streaming {@code /response} request: writing it runs the function, on the thread that
 * sends the request, into the request's chunked output stream. No thread or buffer sits between the
 * router and the Runtime API.
 *
 * <p>A failure is told one of two ways. Once the prelude has left, only the trailers can carry it: the
 * chunked body ends with {@code Lambda-Runtime-Function-Error-Type} and {@code -Body}. Before that,
 * nothing of the request has left this process: the client holds the request's head in its buffer until
 * the first flush. Writing then fails with {@link NothingSent}, and so does the closing of the chunked
 * stream that the client does next (it asks for the trailers before it flushes the last chunk), so the
 * client drops the connection with the head still unsent, and the runtime reports
 * {@link #unsentFailure()} to {@code /error} instead. {@code StreamingRuntimeTest} holds the Runtime API
 * to seeing no {@code /response} request at all in that case.
 */
final class StreamingAnswerEntity extends AbstractHttpEntity {

    static final ContentType HTTP_INTEGRATION_RESPONSE = ContentType.create("application/vnd.awslambda.http-integration-response");
    static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    static final String ERROR_BODY = "Lambda-Runtime-Function-Error-Body";

    private final StreamingFunction function;
    private final APIGatewayV2HTTPEvent event;
    private final Context context;
    private volatile FunctionError failureAfterStart;
    private volatile Exception unsentFailure;

    StreamingAnswerEntity(StreamingFunction function, APIGatewayV2HTTPEvent event, Context context) {
        super(HTTP_INTEGRATION_RESPONSE, null, true);
        this.function = function;
        this.event = event;
        this.context = context;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        HttpIntegrationSink sink = new HttpIntegrationSink(out);
        try {
            function.stream(event, context, sink);
        } catch (Exception e) {
            if (sink.started()) {
                failureAfterStart = FunctionError.of(e);
                return;
            }
            unsentFailure = e;
            throw new NothingSent(e);
        }
        if (!sink.started()) {
            unsentFailure = new IllegalStateException("the function returned without writing an answer");
            throw new NothingSent(unsentFailure);
        }
    }

    /** The function's failure if it failed before writing anything, else null. */
    Exception unsentFailure() {
        return unsentFailure;
    }

    /**
     * Read by the chunked stream when it closes, after {@link #writeTo}, before it flushes the last chunk.
     * When nothing was written, it fails that closing, so that the request is dropped unsent rather than
     * completed as an empty answer.
     */
    @Override
    public Supplier<List<? extends Header>> getTrailers() {
        return () -> {
            if (unsentFailure != null) {
                throw new UncheckedIOException(new NothingSent(unsentFailure));
            }
            FunctionError failure = failureAfterStart;
            return failure == null ? List.of() : List.of(new BasicHeader(ERROR_TYPE, failure.type()),
                    new BasicHeader(ERROR_BODY, failure.base64Json()));
        };
    }

    /** Announced in the request's {@code Trailer} header, as the Runtime API requires for error trailers. */
    @Override
    public Set<String> getTrailerNames() {
        return new LinkedHashSet<>(List.of(ERROR_TYPE, ERROR_BODY));
    }

    @Override
    public InputStream getContent() {
        throw new UnsupportedOperationException("a streaming answer is written, not read");
    }

    @Override
    public boolean isStreaming() {
        return true;
    }

    @Override
    public long getContentLength() {
        return -1;
    }

    @Override
    public void close() {
    }

    /** The function failed before anything was written: the request must not be completed. */
    static final class NothingSent extends IOException {
        NothingSent(Exception cause) {
            super("the function failed before answering", cause);
        }
    }
}
