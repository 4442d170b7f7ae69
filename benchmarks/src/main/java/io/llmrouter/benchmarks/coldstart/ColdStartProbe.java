package io.llmrouter.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.Map;

/**
 * What the Lambda runtime does in a new container, and nothing more: load the handler class named on
 * the command line, create it with its no-argument constructor (the init phase), invoke it once with a
 * chat completion (the first request), print {@code ANSWERED <status> <init ms> <invoke ms>} and exit.
 * It runs in a fresh JVM whose classpath is the function zip's layout plus this class alone, so it
 * depends only on the Lambda core and events libraries the zip carries.
 */
public final class ColdStartProbe {

    public static final String BODY = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"max_tokens\":16}";

    private ColdStartProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(args[0])
                        .getConstructor().newInstance();
        long initialised = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(chatEvent("cold-start"), new ProbeContext());
        long answered = System.nanoTime();
        System.out.println("ANSWERED " + response.getStatusCode() + " " + (initialised - start) / 1_000_000
                + " " + (answered - initialised) / 1_000_000);
        System.out.flush();
        if (response.getStatusCode() != 200) {
            System.err.println(response.getBody());
        }
        System.exit(0);
    }

    /** A chat completion as API Gateway's HTTP API hands it to the function (payload 2.0). */
    public static APIGatewayV2HTTPEvent chatEvent(String requestId) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("$default").withRawPath("/v1/chat/completions")
                .withHeaders(Map.of("content-type", "application/json")).withBody(BODY).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId(requestId)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath("/v1/chat/completions").build())
                        .build())
                .build();
    }

    /** The runtime's context object, with a 30 s budget. */
    static final class ProbeContext implements Context {
        private final long deadline = System.currentTimeMillis() + 30_000;

        @Override public String getAwsRequestId() { return "cold-start"; }
        @Override public String getLogGroupName() { return "/aws/lambda/route"; }
        @Override public String getLogStreamName() { return "cold-start"; }
        @Override public String getFunctionName() { return "route"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:route"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadline - System.currentTimeMillis()); }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.err.println(message); }
                @Override public void log(byte[] message) { System.err.println(new String(message)); }
            };
        }
    }
}
