package io.llmrouter.batch;

import java.util.Optional;

/** Where the bytes of batch files are kept (S3 when deployed, see {@link S3FileStore}). */
public interface FileStore {

    void put(String key, byte[] content);

    Optional<byte[]> get(String key);
}
