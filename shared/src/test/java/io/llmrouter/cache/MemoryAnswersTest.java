package io.llmrouter.cache;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-memory LRU: bounded by count and by bytes, the least recently used going first. */
class MemoryAnswersTest {

    static CachedAnswer ofSize(int bytes) {
        return new CachedAnswer(new byte[bytes], "t", null, null, null, null, Instant.EPOCH);
    }

    @Test
    void longAnswersPushOutTheLeastRecentlyUsedWhenTheirBytesRunOver() {
        MemoryAnswers memory = new MemoryAnswers(100, 1_000);
        memory.put("a", ofSize(400));
        memory.put("b", ofSize(400));
        memory.get("a");
        memory.put("c", ofSize(400));

        assertTrue(memory.get("a").isPresent(), "used last");
        assertTrue(memory.get("b").isEmpty(), "least recently used");
        assertTrue(memory.get("c").isPresent());
        assertEquals(2, memory.size());
    }

    @Test
    void anAnswerBiggerThanTheWholeBudgetIsNotKeptAndPushesNothingOut() {
        MemoryAnswers memory = new MemoryAnswers(100, 1_000);
        memory.put("a", ofSize(400));
        memory.put("huge", ofSize(1_001));

        assertTrue(memory.get("huge").isEmpty());
        assertTrue(memory.get("a").isPresent());
    }

    @Test
    void replacingAnAnswerCountsItsBytesOnce() {
        MemoryAnswers memory = new MemoryAnswers(100, 1_000);
        for (int i = 0; i < 10; i++) {
            memory.put("a", ofSize(600));
        }
        memory.put("b", ofSize(400));

        assertTrue(memory.get("a").isPresent() && memory.get("b").isPresent());
    }

    @Test
    void zeroEntriesKeepsNothing() {
        MemoryAnswers memory = new MemoryAnswers(0);
        memory.put("a", ofSize(1));
        assertTrue(memory.get("a").isEmpty());
    }

    /** A request that found an answer expired removes that answer, not a fresh one another request put since. */
    @Test
    void removingAStaleAnswerLeavesAFresherOnePutSince() {
        MemoryAnswers memory = new MemoryAnswers(100, 1_000);
        CachedAnswer stale = ofSize(10);
        memory.put("a", stale);
        CachedAnswer fresh = ofSize(10);
        memory.put("a", fresh);

        memory.remove("a", stale);
        assertTrue(memory.get("a").isPresent(), "the fresh answer stays");
        memory.remove("a", fresh);
        assertTrue(memory.get("a").isEmpty());
    }
}
