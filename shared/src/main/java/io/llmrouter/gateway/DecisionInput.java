package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.routing.RouteRequest;

import java.io.IOException;

/**
 * The body of a decision query (the admin explain, the playground's decision): a chat completion request,
 * read far enough to route it (model, messages, max_tokens) and no further, since nothing is sent.
 * Either {@code request} or {@code refusal} is set.
 */
record DecisionInput(RouteRequest request, HttpAnswer refusal) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param analyse whether to score the prompt's complexity (always for the admin, who tunes the thresholds) */
    static DecisionInput read(HttpCall call, boolean analyse) {
        HttpAnswer unreadable = RequestValidation.unreadableBody(call);
        if (unreadable != null) {
            return new DecisionInput(null, unreadable);
        }
        JsonNode body;
        try {
            body = JSON.readTree(call.body());
        } catch (IOException e) {
            return new DecisionInput(null, ErrorAnswers.invalidRequest("We could not parse the JSON body of your request."));
        }
        if (body == null || !body.isObject() || !body.path("model").isTextual() || !body.path("messages").isArray()) {
            return new DecisionInput(null,
                    ErrorAnswers.invalidRequest("This endpoint takes a chat completion request body (model, messages)."));
        }
        String model = body.path("model").asText();
        Integer maxTokens = body.path("max_tokens").isInt() && body.path("max_tokens").asInt() > 0
                ? Integer.valueOf(body.path("max_tokens").asInt()) : null;
        return new DecisionInput(CompletionEndpoints.chatRouteRequest(model, body.path("messages"), maxTokens, analyse), null);
    }
}
