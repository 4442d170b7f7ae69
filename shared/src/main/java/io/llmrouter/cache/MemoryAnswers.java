package io.llmrouter.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The answers one instance keeps in memory, so that a hot prompt costs no DynamoDB round trip: at most
 * {@code capacity}, the least recently used dropped first. The JDK's access-ordered {@link LinkedHashMap} does
 * it in a few lines, without another jar in the function's cold start; a lock around it is cheap next to the
 * request it serves. Expiry is the caller's to check ({@link CachedAnswer#freshAt}).
 */
final class MemoryAnswers {

    private final int capacity;
    private final Map<String, CachedAnswer> answers;

    MemoryAnswers(int capacity) {
        this.capacity = capacity;
        this.answers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CachedAnswer> eldest) {
                return size() > MemoryAnswers.this.capacity;
            }
        };
    }

    synchronized Optional<CachedAnswer> get(String key) {
        return Optional.ofNullable(answers.get(key));
    }

    synchronized void put(String key, CachedAnswer answer) {
        if (capacity > 0) {
            answers.put(key, answer);
        }
    }

    synchronized void remove(String key) {
        answers.remove(key);
    }

    synchronized int size() {
        return answers.size();
    }
}
