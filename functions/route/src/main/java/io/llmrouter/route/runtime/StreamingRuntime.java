package io.llmrouter.route.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.llmrouter.route.RouteHandler;
import io.llmrouter.route.runtime.crac.CheckpointException;
import io.llmrouter.route.runtime.crac.Core;
import io.llmrouter.route.runtime.crac.RestoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The route function's own Lambda runtime: the Runtime API loop, answering every event in streaming
 * mode, so that a function URL with InvokeMode RESPONSE_STREAM passes each server-sent event of a
 * completion to the client as it is made. The managed Java runtime would buffer the whole answer.
 *
 * <p>It runs on the managed java21/java25 runtime: {@code bin/stream-runtime}, set as
 * {@code AWS_LAMBDA_EXEC_WRAPPER}, starts this class with the JVM options the managed runtime chose.
 *
 * <ol>
 *   <li>Init: builds the function; a failure goes to {@code /init/error} and the process exits 1.</li>
 *   <li>SnapStart ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}): runs the before-checkpoint hooks
 *   (the priming), waits on {@code /restore/next} while Lambda snapshots and restores, runs the
 *   after-restore hooks. A before-checkpoint failure goes to {@code /init/error}, an after-restore one to
 *   {@code /restore/error}; both exit 1.</li>
 *   <li>Each event: {@code /invocation/next}, then the answer streamed to {@code /response} (see
 *   {@link StreamingAnswerEntity} for how a failure is told). The loop ends only when the Runtime API
 *   fails, with exit status 2.</li>
 * </ol>
 *
 * <p>On Lambda Managed Instances one environment takes up to {@code AWS_LAMBDA_MAX_CONCURRENCY} invocations at
 * once: as many loops run, each on a thread of its own, all calling the one function (which must be thread-safe,
 * see docs/thread-safety.md); the first loop to lose the Runtime API ends the process. On on-demand Lambda the
 * variable is absent and the one loop runs on the main thread, as before.
 */
public final class StreamingRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingRuntime.class);

    /** Where org.crac forwards registrations; read once, when org.crac.Core is first used. */
    static final String CRAC_COMPAT = "org.crac.Core.Compat";
    /** Read by the X-Ray SDK, as the managed runtime sets it. */
    static final String TRACE_HEADER = "com.amazonaws.xray.traceHeader";

    static final int INIT_FAILED = 1;
    static final int RUNTIME_API_FAILED = 2;

    private final RuntimeApi api;
    private final FunctionEnvironment environment;
    private final Callable<StreamingFunction> init;
    /** Amazon's own event mapping, so fields such as isBase64Encoded map as the managed runtime maps them. */
    private final PojoSerializer<APIGatewayV2HTTPEvent> events =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, StreamingRuntime.class.getClassLoader());

    StreamingRuntime(RuntimeApi api, FunctionEnvironment environment, Callable<StreamingFunction> init) {
        this.api = api;
        this.environment = environment;
        this.init = init;
    }

    public static void main(String[] args) throws IOException {
        // Before anything loads org.crac.Core: the managed runtime's JVM options may name its own package.
        System.setProperty(CRAC_COMPAT, Core.class.getPackageName());
        FunctionEnvironment environment = FunctionEnvironment.of(System.getenv());
        int status;
        try (RuntimeApi api = new RuntimeApi(environment.runtimeApi(), environment.maxConcurrency())) {
            status = new StreamingRuntime(api, environment, StreamingRuntime::routeHandler).run();
        }
        System.exit(status);
    }

    /** Held by the method reference, and so for the life of the process, as are its SnapStart hooks. */
    private static StreamingFunction routeHandler() {
        RouteHandler handler = new RouteHandler();
        return handler::stream;
    }

    /** Runs until init fails or the Runtime API does; returns the exit status. */
    int run() {
        StreamingFunction function;
        try {
            function = initialize();
            if (function == null) {
                return INIT_FAILED;
            }
            if (environment.snapStart() && !checkpointAndRestore()) {
                return INIT_FAILED;
            }
        } catch (IOException e) {
            LOG.error("the Lambda Runtime API failed; the runtime stops: {}", e.toString());
            return RUNTIME_API_FAILED;
        }
        return environment.maxConcurrency() == 1 ? loop(function) : loops(function, environment.maxConcurrency());
    }

    /** Serves one invocation after another until the Runtime API fails. */
    private int loop(StreamingFunction function) {
        try {
            while (true) {
                serve(function, api.next());
            }
        } catch (IOException e) {
            LOG.error("the Lambda Runtime API failed; the runtime stops: {}", e.toString());
            return RUNTIME_API_FAILED;
        }
    }

    /** {@code count} loops at once, on threads of their own; returns when the first one ends. */
    private int loops(StreamingFunction function, int count) {
        LOG.info("serving up to {} invocations at once", count);
        AtomicInteger started = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(count,
                task -> new Thread(task, "runtime-loop-" + started.incrementAndGet()));
        try {
            ExecutorCompletionService<Integer> ended = new ExecutorCompletionService<>(threads);
            for (int i = 0; i < count; i++) {
                ended.submit(() -> loop(function));
            }
            return ended.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RUNTIME_API_FAILED;
        } catch (ExecutionException e) {
            LOG.error("a runtime loop failed; the runtime stops", e.getCause());
            return RUNTIME_API_FAILED;
        } finally {
            threads.shutdownNow();
        }
    }

    /** The function, or null once its failure has been reported. */
    private StreamingFunction initialize() throws IOException {
        try {
            return init.call();
        } catch (Throwable e) {
            LOG.error("the function could not be built", e);
            api.initError(FunctionError.of(e));
            return null;
        }
    }

    /** SnapStart's side of the snapshot; false once a hook's failure has been reported. */
    private boolean checkpointAndRestore() throws IOException {
        try {
            Core.getGlobalContext().beforeCheckpoint();
        } catch (CheckpointException e) {
            LOG.error("a before-checkpoint hook failed", e);
            api.initError(FunctionError.of(firstCause(e)));
            return false;
        }
        api.restoreNext();
        try {
            Core.getGlobalContext().afterRestore();
        } catch (RestoreException e) {
            LOG.error("an after-restore hook failed", e);
            api.restoreError(FunctionError.of(firstCause(e)));
            return false;
        }
        return true;
    }

    /** The hook's own exception says more than the wrapper that collects them. */
    private static Throwable firstCause(Exception collected) {
        return collected.getSuppressed().length > 0 ? collected.getSuppressed()[0] : collected;
    }

    private void serve(StreamingFunction function, Invocation invocation) {
        // A system property is one per process: with several loops it would name another invocation's trace.
        if (environment.maxConcurrency() == 1) {
            if (invocation.traceId() == null) {
                System.clearProperty(TRACE_HEADER);
            } else {
                System.setProperty(TRACE_HEADER, invocation.traceId());
            }
        }
        String requestId = invocation.requestId();
        try {
            APIGatewayV2HTTPEvent event;
            try {
                event = events.fromJson(new ByteArrayInputStream(invocation.event()));
            } catch (RuntimeException e) {
                api.invocationError(requestId, FunctionError.of(e));
                return;
            }
            StreamingAnswerEntity answer = new StreamingAnswerEntity(function, event, new InvocationContext(invocation, environment));
            try {
                api.respond(requestId, answer);
            } catch (IOException e) {
                if (answer.unsentFailure() == null) {
                    throw e;
                }
                LOG.error("invocation {} failed before answering", requestId, answer.unsentFailure());
                api.invocationError(requestId, FunctionError.of(answer.unsentFailure()));
            }
        } catch (IOException e) {
            // The next GET /invocation/next tells whether the Runtime API itself is gone.
            LOG.warn("the answer to invocation {} did not reach the Runtime API: {}", requestId, e.toString());
        }
    }
}
