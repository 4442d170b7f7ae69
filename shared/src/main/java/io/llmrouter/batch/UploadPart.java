package io.llmrouter.batch;

import java.time.Instant;

/** One part of an {@link Upload}, as OpenAI's {@code upload.part} object describes it; its bytes are in the {@link FileStore}. */
public record UploadPart(String id, String uploadId, long bytes, Instant createdAt) {
}
