package io.llmrouter.route.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.llmrouter.gateway.AnswerSink;

/**
 * What the runtime invokes for each event: {@code RouteHandler::stream} in Lambda, a small fake in tests.
 * It writes its answer to the sink; an exception is reported to Lambda as the invocation's error.
 */
@FunctionalInterface
public interface StreamingFunction {

    void stream(APIGatewayV2HTTPEvent event, Context context, AnswerSink sink) throws Exception;
}
