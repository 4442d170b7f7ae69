package io.llmrouter.batch;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Batch files in memory, for tests of everything above the S3 client. */
public final class MemoryFileStore implements FileStore {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    @Override
    public void put(String key, byte[] content) {
        objects.put(key, content.clone());
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    /** The keys of every object kept, for tests that check what was deleted. */
    public java.util.Set<String> keys() {
        return java.util.Set.copyOf(objects.keySet());
    }
}
