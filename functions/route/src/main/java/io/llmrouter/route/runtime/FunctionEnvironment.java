package io.llmrouter.route.runtime;

import java.util.Map;

/**
 * What Lambda tells the function through its environment, read once: the Runtime API's address, the
 * function's identity for {@link com.amazonaws.services.lambda.runtime.Context}, whether this start
 * is the one SnapStart takes its snapshot of, and how many invocations Lambda may hand this environment at once
 * ({@code AWS_LAMBDA_MAX_CONCURRENCY}: set on Lambda Managed Instances, absent, so 1, on on-demand Lambda).
 */
record FunctionEnvironment(String runtimeApi, String functionName, String functionVersion, int memoryLimitMb,
                           String logGroupName, String logStreamName, boolean snapStart, int maxConcurrency) {

    FunctionEnvironment(String runtimeApi, String functionName, String functionVersion, int memoryLimitMb,
                        String logGroupName, String logStreamName, boolean snapStart) {
        this(runtimeApi, functionName, functionVersion, memoryLimitMb, logGroupName, logStreamName, snapStart, 1);
    }

    /** {@code AWS_LAMBDA_INITIALIZATION_TYPE} during the init that SnapStart snapshots. */
    static final String SNAP_START = "snap-start";

    static FunctionEnvironment of(Map<String, String> env) {
        String runtimeApi = env.get("AWS_LAMBDA_RUNTIME_API");
        if (runtimeApi == null || runtimeApi.isBlank()) {
            throw new IllegalStateException("AWS_LAMBDA_RUNTIME_API is not set: this runs only as a Lambda runtime");
        }
        String memory = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
        return new FunctionEnvironment(runtimeApi,
                env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", ""),
                env.getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
                memory == null || memory.isBlank() ? 0 : Integer.parseInt(memory.trim()),
                env.getOrDefault("AWS_LAMBDA_LOG_GROUP_NAME", ""),
                env.getOrDefault("AWS_LAMBDA_LOG_STREAM_NAME", ""),
                SNAP_START.equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE")),
                maxConcurrency(env.get("AWS_LAMBDA_MAX_CONCURRENCY")));
    }

    private static int maxConcurrency(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        int concurrency = Integer.parseInt(value.trim());
        if (concurrency < 1) {
            throw new IllegalStateException("AWS_LAMBDA_MAX_CONCURRENCY must be at least 1, not " + concurrency);
        }
        return concurrency;
    }
}
