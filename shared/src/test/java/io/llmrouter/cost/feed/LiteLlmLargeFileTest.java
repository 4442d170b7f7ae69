package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real LiteLLM file is ~1.6 MB. This builds a file at least that large from the fixture's entries
 * (every entry copied under new keys) and checks that every chat copy is read; the parse time is
 * printed for the record, never asserted.
 */
class LiteLlmLargeFileTest {

    private static final int REAL_FILE_CHARS = 1_642_422;

    @Test
    void readsEveryChatEntryOfAFileLargerThanTheRealOne() throws PriceFeedException {
        ObjectNode fixture = PriceFeedFixtures.tree(PriceFeedFixtures.LITELLM);
        ObjectNode large = PriceFeedFixtures.JSON.createObjectNode();
        int copies = 0;
        int chatEntries = 0;
        while (PriceFeedFixtures.bytes(large).length < 2 * REAL_FILE_CHARS) {
            for (Iterator<Map.Entry<String, JsonNode>> it = fixture.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                large.set(entry.getKey() + "-copy" + copies, entry.getValue().deepCopy());
                if ("chat".equals(entry.getValue().path("mode").textValue())) {
                    chatEntries++;
                }
            }
            copies++;
        }
        byte[] body = PriceFeedFixtures.bytes(large);
        LiteLlmPriceParser parser = new LiteLlmPriceParser();

        long first = 0;
        long best = Long.MAX_VALUE;
        FeedParse<ModelPrice> parsed = null;
        for (int run = 0; run < 5; run++) {
            long started = System.nanoTime();
            parsed = parser.parse(body);
            long took = System.nanoTime() - started;
            first = run == 0 ? took : first;
            best = Math.min(best, took);
        }
        System.out.printf("LiteLLM parse: %,d bytes, %,d entries, %,d chat models: first run %.1f ms, best of 5 %.1f ms%n",
                body.length, large.size(), parsed.prices().size(), first / 1e6, best / 1e6);

        assertTrue(body.length >= REAL_FILE_CHARS);
        assertEquals(chatEntries, parsed.prices().size());
        assertEquals(0, parsed.rejections().size());
    }
}
