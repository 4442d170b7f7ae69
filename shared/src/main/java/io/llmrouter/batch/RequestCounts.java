package io.llmrouter.batch;

/** OpenAI's {@code request_counts}: the batch's requests, how many succeeded and how many failed. */
public record RequestCounts(int total, int completed, int failed) {

    public static final RequestCounts NONE = new RequestCounts(0, 0, 0);
}
