package io.llmrouter.route.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.testing.aws.LoopbackRuntimeApi;
import io.llmrouter.testing.aws.LoopbackRuntimeApi.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Runtime API loop against a loopback Runtime API, with small functions that write to the sink in
 * place of the router: streaming, each way a failure is told, init and SnapStart.
 */
class StreamingRuntimeTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String HEALTH_EVENT = """
            {"version":"2.0","routeKey":"$default","rawPath":"/health","rawQueryString":"",
             "headers":{"accept":"application/json"},
             "requestContext":{"http":{"method":"GET","path":"/health"},"requestId":"JKJaXmPLvHcESHA="},
             "isBase64Encoded":false}""";

    LoopbackRuntimeApi api;
    RuntimeApi client;
    final ExecutorService loop = Executors.newSingleThreadExecutor();

    @BeforeEach
    void startApi() {
        api = LoopbackRuntimeApi.start();
        client = new RuntimeApi(api.address());
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        loop.shutdown();
        assertTrue(loop.awaitTermination(30, TimeUnit.SECONDS), "the loop ends when the Runtime API goes away");
        client.close();
    }

    StreamingRuntime runtime(Callable<StreamingFunction> init, String... extraEnv) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_LAMBDA_RUNTIME_API", api.address(),
                "AWS_LAMBDA_FUNCTION_NAME", "route", "AWS_LAMBDA_FUNCTION_VERSION", "7",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024", "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/route"));
        for (int i = 0; i < extraEnv.length; i += 2) {
            env.put(extraEnv[i], extraEnv[i + 1]);
        }
        return new StreamingRuntime(client, FunctionEnvironment.of(env), init);
    }

    Future<Integer> start(StreamingFunction function, String... extraEnv) {
        StreamingRuntime runtime = runtime(() -> function, extraEnv);
        return loop.submit(runtime::run);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onManagedInstancesUpToTheMaximumInvocationsRunAtOnce() throws Exception {
        client.close();
        client = new RuntimeApi(api.address(), 4);
        java.util.concurrent.CountDownLatch allInside = new java.util.concurrent.CountDownLatch(4);
        start((event, context, sink) -> {
            allInside.countDown();
            // Answers only once four invocations are inside the function together: one loop would wait here forever.
            if (!allInside.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the invocations did not run at once");
            }
            sink.head(200, Map.of("content-type", "text/plain"));
            sink.write(utf8(context.getAwsRequestId()));
        }, "AWS_LAMBDA_MAX_CONCURRENCY", "4");

        List<String> ids = List.of(api.queue(HEALTH_EVENT), api.queue(HEALTH_EVENT), api.queue(HEALTH_EVENT),
                api.queue(HEALTH_EVENT));

        for (String id : ids) {
            Answer answer = api.awaitAnswer(id, WAIT);
            assertNull(answer.error(), "answered, not failed: " + answer.error());
            assertEquals(id, answer.payload());
        }
    }

    @Test
    void eachPartLeavesAsItsOwnChunkBeforeTheNextIsWritten() throws Exception {
        start((event, context, sink) -> {
            String id = context.getAwsRequestId();
            sink.head(200, Map.of("content-type", "text/event-stream", "x-router-target", "aws-us-west-2"));
            sink.write(utf8("data: one\n\n"));
            // Part 2 is written only once the Runtime API holds part 1: only a streamed answer gets past here.
            api.awaitReceived(id, "data: one", WAIT);
            sink.write(utf8("data: two\n\n"));
            api.awaitReceived(id, "data: two", WAIT);
            sink.write(utf8("data: [DONE]\n\n"));
        });

        String id = api.queue(HEALTH_EVENT);
        Answer answer = api.awaitAnswer(id, WAIT);

        assertTrue(answer.streamed());
        assertEquals("chunked", answer.header("Transfer-Encoding"));
        assertEquals("application/vnd.awslambda.http-integration-response", answer.header("Content-Type"));
        assertEquals("Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body", answer.header("Trailer"));
        JsonNode prelude = answer.prelude();
        assertEquals(200, prelude.path("statusCode").asInt());
        assertEquals("text/event-stream", prelude.path("headers").path("content-type").asText());
        assertEquals("aws-us-west-2", prelude.path("headers").path("x-router-target").asText());
        assertEquals(0, prelude.path("cookies").size());
        assertEquals("data: one\n\ndata: two\n\ndata: [DONE]\n\n", answer.payload());
        List<String> chunks = answer.chunks().stream().map(c -> new String(c.bytes(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("data: one\n\n", "data: two\n\n", "data: [DONE]\n\n"), chunks.subList(1, chunks.size()),
                "the prelude, then one chunk per write");
        assertTrue(answer.trailers().isEmpty(), "no error trailers: " + answer.trailers());
    }

    @Test
    void theFunctionGetsTheEventAsTheManagedRuntimeMapsItAndTheInvocationsContext() throws Exception {
        AtomicReference<APIGatewayV2HTTPEvent> seen = new AtomicReference<>();
        AtomicReference<Context> context = new AtomicReference<>();
        AtomicReference<String> trace = new AtomicReference<>();
        start((event, lambda, sink) -> {
            seen.set(event);
            context.set(lambda);
            trace.set(System.getProperty(StreamingRuntime.TRACE_HEADER));
            sink.head(204, Map.of());
        });

        String id = api.queue("""
                {"version":"2.0","rawPath":"/v1/chat/completions","headers":{"content-type":"application/json"},
                 "requestContext":{"http":{"method":"POST","path":"/v1/chat/completions"},"requestId":"r-1"},
                 "body":"eyJtb2RlbCI6ImF1dG8ifQ==","isBase64Encoded":true}""");
        Answer answer = api.awaitAnswer(id, WAIT);

        assertEquals(204, answer.prelude().path("statusCode").asInt());
        assertEquals("", answer.payload());
        assertTrue(seen.get().getIsBase64Encoded(), "isBase64Encoded maps as the managed runtime maps it");
        assertEquals("eyJtb2RlbCI6ImF1dG8ifQ==", seen.get().getBody());
        assertEquals("POST", seen.get().getRequestContext().getHttp().getMethod());
        assertEquals(id, context.get().getAwsRequestId());
        assertEquals("route", context.get().getFunctionName());
        assertEquals("7", context.get().getFunctionVersion());
        assertEquals(1024, context.get().getMemoryLimitInMB());
        assertEquals("/aws/lambda/route", context.get().getLogGroupName());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:route", context.get().getInvokedFunctionArn());
        int remaining = context.get().getRemainingTimeInMillis();
        assertTrue(remaining > 0 && remaining <= 60_000, "from the deadline: " + remaining);
        assertTrue(trace.get().startsWith("Root=1-"), trace.get());
        assertEquals(trace.get(), context.get().getXrayTraceId());
    }

    @Test
    void aFailureAfterTheFirstPartEndsTheBodyWithErrorTrailersAndTheLoopGoesOn() throws Exception {
        start((event, context, sink) -> {
            if (event.getRawPath().equals("/fails")) {
                sink.head(200, Map.of("content-type", "text/event-stream"));
                sink.write(utf8("data: one\n\n"));
                throw new IllegalStateException("the upstream vanished");
            }
            sink.head(200, Map.of());
            sink.write(utf8("ok"));
        });

        String failing = api.queue(HEALTH_EVENT.replace("\"/health\"", "\"/fails\""));
        Answer answer = api.awaitAnswer(failing, WAIT);

        assertEquals(200, answer.prelude().path("statusCode").asInt());
        assertEquals("data: one\n\n", answer.payload());
        assertEquals("java.lang.IllegalStateException", answer.trailers().get("lambda-runtime-function-error-type"));
        JsonNode error = answer.trailerError();
        assertEquals("java.lang.IllegalStateException", error.path("errorType").asText());
        assertEquals("the upstream vanished", error.path("errorMessage").asText());
        assertNull(answer.error(), "nothing went to /error");

        String next = api.queue(HEALTH_EVENT);
        assertEquals("ok", api.awaitAnswer(next, WAIT).payload());
    }

    @Test
    void aFailureBeforeAnyPartGoesToTheErrorEndpointAndNoResponseIsStarted() throws Exception {
        start((event, context, sink) -> {
            if (event.getRawPath().equals("/fails")) {
                throw new IllegalArgumentException("no answer for you");
            }
            sink.head(200, Map.of());
            sink.write(utf8("ok"));
        });

        String failing = api.queue(HEALTH_EVENT.replace("\"/health\"", "\"/fails\""));
        Answer answer = api.awaitAnswer(failing, WAIT);

        assertNotNull(answer.error());
        assertEquals("java.lang.IllegalArgumentException", answer.error().errorTypeHeader());
        assertEquals("java.lang.IllegalArgumentException", answer.error().errorType());
        assertEquals("no answer for you", answer.error().errorMessage());
        assertTrue(answer.chunks().isEmpty());

        String next = api.queue(HEALTH_EVENT);
        assertEquals("ok", api.awaitAnswer(next, WAIT).payload());
        assertFalse(api.calls().contains("POST /runtime/invocation/" + failing + "/response"),
                "the response request's head never left: " + api.calls());
    }

    @Test
    void aFunctionThatReturnsWithoutAnAnswerIsAnErrorToo() throws Exception {
        start((event, context, sink) -> { });

        Answer answer = api.awaitAnswer(api.queue(HEALTH_EVENT), WAIT);

        assertNotNull(answer.error());
        assertEquals("java.lang.IllegalStateException", answer.error().errorType());
    }

    @Test
    void anEventThatIsNotJsonGoesToTheErrorEndpoint() throws Exception {
        start((event, context, sink) -> sink.head(200, Map.of()));

        String id = api.queue("{not json");
        Answer answer = api.awaitAnswer(id, WAIT);

        assertNotNull(answer.error());
        assertFalse(answer.error().errorType().isEmpty());
    }

    @Test
    void anInitFailureGoesToInitErrorAndTheRuntimeExits() {
        int status = runtime(() -> {
            throw new IllegalStateException("ROUTER_CONFIG is not set");
        }).run();

        assertEquals(StreamingRuntime.INIT_FAILED, status);
        assertEquals(1, api.initErrors().size());
        assertEquals("java.lang.IllegalStateException", api.initErrors().get(0).errorTypeHeader());
        assertEquals("ROUTER_CONFIG is not set", api.initErrors().get(0).errorMessage());
        assertEquals(List.of("POST /runtime/init/error"), api.calls());
    }

    /** Hooks stay registered as long as something holds them (CRaC has no unregister): each test retires its own. */
    final List<Hook> hooks = new CopyOnWriteArrayList<>();

    @AfterEach
    void retireHooks() {
        hooks.forEach(hook -> hook.retired = true);
    }

    /** Registers with org.crac as FunctionHandler does, and notes what the Runtime API had seen at each hook. */
    final class Hook implements org.crac.Resource {
        final List<String> log = new CopyOnWriteArrayList<>();
        final boolean failAfterRestore;
        volatile boolean retired;

        Hook(boolean failAfterRestore) {
            this.failAfterRestore = failAfterRestore;
            hooks.add(this);
            org.crac.Core.getGlobalContext().register(this);
        }

        @Override
        public void beforeCheckpoint(org.crac.Context<? extends org.crac.Resource> context) {
            if (retired) {
                return;
            }
            log.add("before checkpoint, restore/next called: " + api.calls().contains("GET /runtime/restore/next"));
        }

        @Override
        public void afterRestore(org.crac.Context<? extends org.crac.Resource> context) {
            if (retired) {
                return;
            }
            log.add("after restore, restore/next called: " + api.calls().contains("GET /runtime/restore/next"));
            if (failAfterRestore) {
                throw new IllegalStateException("could not renew credentials");
            }
        }
    }

    @Test
    void snapStartRunsTheHooksAroundRestoreNextBeforeTheFirstInvocation() throws Exception {
        AtomicReference<Hook> hook = new AtomicReference<>();
        StreamingRuntime runtime = runtime(() -> {
            hook.set(new Hook(false));
            return (event, context, sink) -> sink.head(200, Map.of());
        }, "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        loop.submit(runtime::run);

        String id = api.queue(HEALTH_EVENT);
        api.awaitAnswer(id, WAIT);

        assertEquals(List.of("before checkpoint, restore/next called: false", "after restore, restore/next called: true"),
                hook.get().log);
        List<String> calls = api.calls();
        assertEquals(List.of("GET /runtime/restore/next", "GET /runtime/invocation/next"), calls.subList(0, 2));
    }

    @Test
    void withoutSnapStartNoHookRunsAndRestoreNextIsNotCalled() throws Exception {
        AtomicReference<Hook> hook = new AtomicReference<>();
        StreamingRuntime runtime = runtime(() -> {
            hook.set(new Hook(false));
            return (event, context, sink) -> sink.head(200, Map.of());
        }, "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        loop.submit(runtime::run);

        api.awaitAnswer(api.queue(HEALTH_EVENT), WAIT);

        assertTrue(hook.get().log.isEmpty());
        assertEquals("GET /runtime/invocation/next", api.calls().get(0));
    }

    @Test
    void aFailingAfterRestoreHookGoesToRestoreErrorAndTheRuntimeExits() {
        AtomicReference<Hook> hook = new AtomicReference<>();
        int status = runtime(() -> {
            hook.set(new Hook(true));
            return (event, context, sink) -> sink.head(200, Map.of());
        }, "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start").run();

        assertEquals(StreamingRuntime.INIT_FAILED, status);
        assertEquals(1, api.restoreErrors().size());
        assertEquals("java.lang.IllegalStateException", api.restoreErrors().get(0).errorType());
        assertEquals("could not renew credentials", api.restoreErrors().get(0).errorMessage());
        assertEquals(List.of("GET /runtime/restore/next", "POST /runtime/restore/error"), api.calls());
    }
}
