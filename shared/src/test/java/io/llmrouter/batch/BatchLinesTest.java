package io.llmrouter.batch;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading an input file: bad lines become failed items, a shared custom_id or too many lines fail the batch. */
class BatchLinesTest {

    static final String ENDPOINT = "/v1/chat/completions";

    static String line(String customId) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                + "\"body\":{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi " + customId + "\"}]}}";
    }

    static BatchLines.Parsed parse(String content) {
        return BatchLines.parse("batch_1", content.getBytes(StandardCharsets.UTF_8), ENDPOINT);
    }

    @Test
    void everyGoodLineIsAPendingItemInLineOrder() {
        BatchLines.Parsed parsed = parse(line("a") + "\n" + line("b") + "\n\n" + line("c") + "\n");

        assertEquals(List.of(), parsed.errors());
        assertEquals(List.of("a", "b", "c"), parsed.items().stream().map(BatchItem::customId).toList());
        assertEquals(List.of(0, 1, 2), parsed.items().stream().map(BatchItem::index).toList());
        assertTrue(parsed.items().stream().allMatch(i -> i.state() == BatchItem.State.PENDING));
        assertTrue(parsed.items().get(1).body().contains("hi b"));
    }

    @Test
    void aBadLineBecomesAFailedItemAndTheOthersRun() {
        BatchLines.Parsed parsed = parse(String.join("\n", line("a"), "{not json", "[1,2]",
                "{\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}",
                line("e").replace("/v1/chat/completions", "/v1/embeddings"),
                "{\"custom_id\":\"f\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\"}", line("g")));

        assertEquals(List.of(), parsed.errors());
        assertEquals(7, parsed.items().size());
        List<BatchItem> failed = parsed.items().stream().filter(i -> i.state() == BatchItem.State.DONE).toList();
        assertEquals(5, failed.size());
        assertTrue(failed.stream().allMatch(i -> i.result().status() == 400 && !i.result().succeeded()));
        assertTrue(failed.get(0).result().body().contains("Line 2 is not valid JSON"), failed.get(0).result().body());
        assertTrue(failed.get(2).result().body().contains("custom_id"));
        assertEquals("e", failed.get(3).customId());
        assertTrue(failed.get(3).result().body().contains("\"param\":\"url\""));
        assertTrue(failed.get(4).result().body().contains("\"param\":\"body\""));
        assertEquals(BatchItem.State.PENDING, parsed.items().get(6).state());
    }

    @Test
    void aDuplicateCustomIdFailsTheBatchNamingItAndBothLines() {
        BatchLines.Parsed parsed = parse(String.join("\n", line("a"), line("dup"), line("b"), line("dup")));

        assertEquals(List.of(), parsed.items());
        assertEquals(1, parsed.errors().size());
        BatchError error = parsed.errors().get(0);
        assertEquals("duplicate_custom_id", error.code());
        assertTrue(error.message().contains("'dup'") && error.message().contains("line 2") && error.message().contains("line 4"),
                error.message());
        assertEquals(4, error.line());
    }

    @Test
    void moreThanFiftyThousandRequestsFailTheBatch() {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i <= BatchLines.MAX_REQUESTS; i++) {
            content.append(line("r" + i)).append('\n');
        }
        BatchLines.Parsed parsed = parse(content.toString());

        assertEquals("too_many_requests", parsed.errors().get(0).code());
        assertEquals(BatchLines.MAX_REQUESTS + 1, parsed.errors().get(0).line());
        assertEquals(BatchLines.MAX_REQUESTS, parse(content.substring(0, content.lastIndexOf(line("r50000")))).items().size());
    }

    @Test
    void anEmptyFileFailsTheBatch() {
        BatchLines.Parsed parsed = parse("\n\n");

        assertEquals("empty_file", parsed.errors().get(0).code());
        assertNull(parsed.errors().get(0).line());
    }
}
