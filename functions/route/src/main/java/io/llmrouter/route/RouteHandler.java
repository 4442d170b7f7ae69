package io.llmrouter.route;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.llmrouter.cost.PromptTokenCounter;
import io.llmrouter.gateway.AnswerSink;
import io.llmrouter.gateway.HttpAnswer;
import io.llmrouter.gateway.HttpCall;
import io.llmrouter.gateway.RouterGateway;
import io.llmrouter.wiring.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Lambda entry point of the route function: function URL events (payload format 2.0, as API Gateway's HTTP API sends them too) in,
 * the router's answer out. All the work happens in {@link RouterGateway}; this class only translates
 * between the event and the router's view of an HTTP call.
 */
public class RouteHandler extends FunctionHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    static {
        // Reading the tokenizer's encoding takes ~0.7 s, a third of a cold start: it starts now, on its own
        // thread, while the application context is built, instead of inside the first request.
        Thread.ofVirtual().name("tokenizer-warm-up").start(() -> PromptTokenCounter.forEncoding(PromptTokenCounter.DEFAULT_ENCODING));
    }

    @Inject
    RouterGateway gateway;

    /** Used by the Lambda runtime. */
    public RouteHandler() {
    }

    /** Used by the local stack and tests, to pass properties such as the DynamoDB endpoint. */
    public RouteHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    /** Before a SnapStart snapshot: the request path once, short of the network (see {@link RouterGateway#prime()}). */
    @Override
    protected void prime() {
        gateway.prime();
    }

    @Override
    protected APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event, Context lambda) {
        HttpAnswer answer = gateway.handle(callOf(event));
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(answer.status())
                .withHeaders(answer.headers())
                .withBody(new String(answer.body(), StandardCharsets.UTF_8))
                .withIsBase64Encoded(false)
                .build();
    }

    /**
     * One invocation whose answer is written to {@code sink} as it is made, for carriers that stream
     * (the Lambda streaming runtime, the local front door): a streamed completion's head leaves before
     * its first event, and each event as the upstream produces it.
     */
    public void stream(APIGatewayV2HTTPEvent event, Context lambda, AnswerSink sink) {
        gateway.handle(callOf(event), sink);
    }

    static HttpCall callOf(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        byte[] body = event.getBody() == null ? new byte[0]
                : event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody())
                : event.getBody().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        String requestId = event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
        return new HttpCall(method, event.getRawPath(), headers, body, requestId, event.getRawQueryString());
    }
}
