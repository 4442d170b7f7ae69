package io.llmrouter.route.runtime;

/**
 * One event from {@code GET /runtime/invocation/next}: its request id, when Lambda will stop it
 * (epoch milliseconds), the ARN it was invoked by, its X-Ray trace header (may be null), and the event
 * JSON.
 */
record Invocation(String requestId, long deadlineEpochMillis, String invokedFunctionArn, String traceId, byte[] event) {
}
