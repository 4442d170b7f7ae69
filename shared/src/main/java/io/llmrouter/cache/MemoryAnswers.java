package io.llmrouter.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The answers one instance keeps in memory, so that a hot prompt costs no DynamoDB round trip: at most
 * {@code capacity} answers and {@code maxBytes} of their bodies, the least recently used dropped first. The bytes
 * bound matters more than the count: a thousand long answers could otherwise take a Lambda's whole heap. The
 * JDK's access-ordered {@link LinkedHashMap} does it in a few lines, without another jar in the function's cold
 * start; a lock around it is cheap next to the request it serves. Expiry is the caller's to check
 * ({@link CachedAnswer#freshAt}).
 */
final class MemoryAnswers {

    /** What the bodies kept may take together by default: a small share of a 1 GB function's heap. */
    static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

    private final int capacity;
    private final long maxBytes;
    private final LinkedHashMap<String, CachedAnswer> answers = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    MemoryAnswers(int capacity) {
        this(capacity, DEFAULT_MAX_BYTES);
    }

    MemoryAnswers(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    synchronized Optional<CachedAnswer> get(String key) {
        return Optional.ofNullable(answers.get(key));
    }

    synchronized void put(String key, CachedAnswer answer) {
        if (capacity == 0 || answer.body().length > maxBytes) {
            return;
        }
        remove(key);
        answers.put(key, answer);
        bytes += answer.body().length;
        Iterator<Map.Entry<String, CachedAnswer>> eldestFirst = answers.entrySet().iterator();
        while ((answers.size() > capacity || bytes > maxBytes) && eldestFirst.hasNext()) {
            bytes -= eldestFirst.next().getValue().body().length;
            eldestFirst.remove();
        }
    }

    /**
     * Removes {@code stale} if it is still the answer kept under {@code key}. A caller that found an answer expired
     * (or failed to share it) removes that one only: another request may have put a fresh answer there meanwhile.
     */
    synchronized void remove(String key, CachedAnswer stale) {
        if (answers.get(key) == stale) {
            remove(key);
        }
    }

    synchronized void remove(String key) {
        CachedAnswer removed = answers.remove(key);
        if (removed != null) {
            bytes -= removed.body().length;
        }
    }

    synchronized int size() {
        return answers.size();
    }
}
