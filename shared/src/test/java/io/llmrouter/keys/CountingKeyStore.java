package io.llmrouter.keys;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A key store that counts the reads it passes on, to show which requests reach DynamoDB. */
public final class CountingKeyStore implements KeyStore {

    private final KeyStore store;
    private final AtomicInteger finds = new AtomicInteger();

    public CountingKeyStore(KeyStore store) {
        this.store = store;
    }

    public int finds() {
        return finds.get();
    }

    @Override
    public boolean create(ApiKey key) {
        return store.create(key);
    }

    @Override
    public Optional<ApiKey> find(String id) {
        finds.incrementAndGet();
        return store.find(id);
    }

    @Override
    public List<ApiKey> list() {
        return store.list();
    }

    @Override
    public boolean replace(ApiKey expected, ApiKey key) {
        return store.replace(expected, key);
    }
}
