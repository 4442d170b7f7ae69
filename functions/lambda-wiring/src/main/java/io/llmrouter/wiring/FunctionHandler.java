package io.llmrouter.wiring;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import org.crac.Core;
import org.crac.Resource;

/**
 * Base of the three Lambda entry points. The application context is built, and the handler injected,
 * once, when the runtime creates the handler; every invocation after that goes straight to
 * {@link #execute}, with the invocation's {@link Context} as an argument.
 *
 * <p>Why not Micronaut's {@code MicronautRequestHandler}: it registers each invocation's
 * {@code Context} as one more singleton bean definition. A warm container then holds one definition
 * per request it has served, and every bean lookup scans them all: it grew slower and bigger with each
 * request (6 ms of CPU per request after 30,000 requests). Nothing here depends on the number of
 * invocations; {@code WarmInvocationsTest} in each function holds that for 100,000 of them.
 */
public abstract class FunctionHandler<I, O> implements RequestHandler<I, O>, AutoCloseable {

    /** The environments Micronaut's Lambda builder sets, so configuration keyed on them keeps working. */
    static final String[] ENVIRONMENTS = {"function", "lambda"};

    private final ApplicationContext context;
    /** Held here: CRaC keeps only weak references to registered resources. */
    private final Resource checkpointHook = new PrimeBeforeCheckpoint();

    /** Used by the Lambda runtime. */
    protected FunctionHandler() {
        this(ApplicationContext.builder());
    }

    /** Used by the local stack and tests, to pass properties such as the DynamoDB endpoint. */
    protected FunctionHandler(ApplicationContextBuilder builder) {
        // Singletons are built now, in the init phase (and before a SnapStart snapshot), not by the first request.
        context = builder.environments(ENVIRONMENTS).eagerInitSingletons(true).start();
        try {
            context.inject(this);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        Core.getGlobalContext().register(checkpointHook);
    }

    /**
     * Runs the function's work once, with no side effects, so that what the first invocation would load
     * is loaded now. Called before a SnapStart snapshot is taken; the default does nothing.
     */
    protected void prime() {
    }

    /** SnapStart (CRaC): prime before the snapshot, so every restored instance starts warm. */
    private final class PrimeBeforeCheckpoint implements Resource {
        @Override
        public void beforeCheckpoint(org.crac.Context<? extends Resource> checkpoint) {
            prime();
        }

        @Override
        public void afterRestore(org.crac.Context<? extends Resource> checkpoint) {
            // Nothing to renew: the snapshot cache reloads by the clock, and no upstream connection was opened.
        }
    }

    @Override
    public final O handleRequest(I event, Context lambda) {
        return execute(event, lambda);
    }

    /** One invocation. {@code lambda} tells the remaining time; it is never kept past the call. */
    protected abstract O execute(I event, Context lambda);

    /** The function's beans, for tests and the local stack. */
    public ApplicationContext applicationContext() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
