package io.llmrouter.route.concurrent;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.Map;

/**
 * The kinds of request the concurrent run mixes, each with the one status it must be answered with, and the function
 * URL event (payload format 2.0) that carries one: a new event per call, as the runtime hands them over.
 */
public enum ChatCall {
    /** {@code model: auto}, answered whole. */
    BUFFERED(200, "auto", false),
    /** A model named by the clusters' health records, answered whole. */
    BUFFERED_NAMED(200, RequestBodies.SERVED_MODEL, false),
    /** {@code stream: true} through {@code handleRequest}: the events collected into one body. */
    STREAM_COLLECTED(200, "auto", true),
    /** {@code stream: true} through the streaming carrier: each event written to the sink as it comes. */
    STREAM_TO_SINK(200, "auto", true),
    /** A body that is not JSON: refused before routing. */
    NOT_JSON(400, null, false),
    /** A model no target serves. */
    UNKNOWN_MODEL(404, "no-such-model", false);

    public final int status;
    private final String model;
    private final boolean stream;

    ChatCall(int status, String model, boolean stream) {
        this.status = status;
        this.model = model;
        this.stream = stream;
    }

    /** The kind of the {@code index}-th request: mostly completions, a few refusals. */
    public static ChatCall forIndex(int index) {
        return switch (index % 16) {
            case 0, 1, 2, 3, 4, 5 -> BUFFERED;
            case 6, 7 -> BUFFERED_NAMED;
            case 8, 9, 10 -> STREAM_COLLECTED;
            case 11, 12, 13 -> STREAM_TO_SINK;
            case 14 -> NOT_JSON;
            default -> UNKNOWN_MODEL;
        };
    }

    public boolean answered() {
        return status == 200;
    }

    public boolean streamed() {
        return stream;
    }

    /** @param authorization the {@code Authorization} header to send; null: none (the router is open) */
    public APIGatewayV2HTTPEvent event(String requestId, String authorization) {
        String body = this == NOT_JSON ? "{\"model\": \"auto\", \"messages\": [" : RequestBodies.chat(model, stream);
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("POST");
        http.setPath("/v1/chat/completions");
        http.setProtocol("HTTP/1.1");
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        context.setRequestId(requestId);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRawPath("/v1/chat/completions");
        event.setRawQueryString("");
        String accept = stream ? "text/event-stream" : "application/json";
        event.setHeaders(authorization == null ? Map.of("content-type", "application/json", "accept", accept)
                : Map.of("content-type", "application/json", "accept", accept, "authorization", authorization));
        event.setRequestContext(context);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    /** Request bodies in OpenAI's chat format. */
    public static final class RequestBodies {
        public static final String SERVED_MODEL = "qwen2.5-7b-instruct";

        private RequestBodies() {
        }

        static String chat(String model, boolean stream) {
            return "{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"system\", \"content\": \"You are terse.\"},"
                    + " {\"role\": \"user\", \"content\": \"Say hello in five words.\"}], \"max_tokens\": 16"
                    + (stream ? ", \"stream\": true" : "") + "}";
        }
    }
}
