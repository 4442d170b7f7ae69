package io.llmrouter.keys;

import java.util.List;
import java.util.Optional;

/**
 * Where API keys are kept. Writes are conditional so that two admins (or two instances) cannot
 * silently overwrite each other's create or update, nor resurrect a key that does not exist.
 */
public interface KeyStore {

    /** Stores a new key; false when a key with its id exists already. */
    boolean create(ApiKey key);

    Optional<ApiKey> find(String id);

    /** Every key, revoked ones included, in id order. */
    List<ApiKey> list();

    /**
     * Replaces a stored key (an update or a revocation) if it is still {@code expected}, as it was read; false
     * when no key has its id or another write changed it since (read it again and redo the change).
     */
    boolean replace(ApiKey expected, ApiKey key);
}
