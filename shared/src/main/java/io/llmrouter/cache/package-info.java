/**
 * The response cache: an answer to a request is kept, per client key, and served again to the exact same
 * request without asking a target. {@link io.llmrouter.cache.ResponseCache} is what the gateway asks: a small
 * in-memory LRU per instance ({@link io.llmrouter.cache.MemoryAnswers}) in front of DynamoDB
 * ({@link io.llmrouter.cache.DynamoAnswerStore}). {@link io.llmrouter.cache.CachePolicy} decides which requests
 * use it, {@link io.llmrouter.cache.RequestFingerprint} what counts as the same request.
 *
 * <p>Layer: above config and state; knows nothing of routing, forwarding or HTTP.
 */
package io.llmrouter.cache;
