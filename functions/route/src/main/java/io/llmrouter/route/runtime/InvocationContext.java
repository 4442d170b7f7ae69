package io.llmrouter.route.runtime;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.nio.charset.StandardCharsets;

/**
 * The {@link Context} of one invocation, from the Runtime API's headers and the function's environment.
 * A function URL carries no mobile client context or Cognito identity, so those are null.
 */
final class InvocationContext implements Context {

    /** What a custom runtime prints goes to the function's log stream, as the managed runtime's logger does. */
    private static final LambdaLogger STDOUT = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.out.println(message);
        }

        @Override
        public void log(byte[] message) {
            System.out.println(new String(message, StandardCharsets.UTF_8));
        }
    };

    private final Invocation invocation;
    private final FunctionEnvironment environment;

    InvocationContext(Invocation invocation, FunctionEnvironment environment) {
        this.invocation = invocation;
        this.environment = environment;
    }

    @Override public String getAwsRequestId() { return invocation.requestId(); }
    @Override public String getLogGroupName() { return environment.logGroupName(); }
    @Override public String getLogStreamName() { return environment.logStreamName(); }
    @Override public String getFunctionName() { return environment.functionName(); }
    @Override public String getFunctionVersion() { return environment.functionVersion(); }
    @Override public String getInvokedFunctionArn() { return invocation.invokedFunctionArn(); }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getMemoryLimitInMB() { return environment.memoryLimitMb(); }
    @Override public LambdaLogger getLogger() { return STDOUT; }
    @Override public String getXrayTraceId() { return invocation.traceId(); }

    @Override
    public int getRemainingTimeInMillis() {
        long remaining = invocation.deadlineEpochMillis() - System.currentTimeMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }
}
