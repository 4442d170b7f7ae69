package io.llmrouter.route.runtime;

import java.util.Map;

/**
 * What Lambda tells the function through its environment, read once: the Runtime API's address, the
 * function's identity for {@link com.amazonaws.services.lambda.runtime.Context}, and whether this start
 * is the one SnapStart takes its snapshot of.
 */
record FunctionEnvironment(String runtimeApi, String functionName, String functionVersion, int memoryLimitMb,
                           String logGroupName, String logStreamName, boolean snapStart) {

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
                SNAP_START.equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE")));
    }
}
