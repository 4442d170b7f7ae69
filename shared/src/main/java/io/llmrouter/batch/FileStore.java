package io.llmrouter.batch;

import java.util.Optional;

/** Where the bytes of batch files are kept (S3 when deployed, see {@link S3FileStore}). */
public interface FileStore {

    void put(String key, byte[] content);

    Optional<byte[]> get(String key);

    /** Removes the object; removing one that is not there is no error. */
    void delete(String key);
}
