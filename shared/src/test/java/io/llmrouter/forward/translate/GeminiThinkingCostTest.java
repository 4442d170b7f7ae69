package io.llmrouter.forward.translate;

import io.llmrouter.cost.ActualCost;
import io.llmrouter.cost.TokenUsage;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.llmrouter.forward.translate.WireFixtures.CLOCK;
import static io.llmrouter.forward.translate.WireFixtures.events;
import static io.llmrouter.forward.translate.WireFixtures.text;
import static io.llmrouter.forward.translate.WireFixtures.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gemini bills thinking tokens ({@code thoughtsTokenCount}) as output: the usage the translator reports,
 * and so the cost the router computes from it, counts them as completion tokens, streamed or not.
 */
class GeminiThinkingCostTest {

    /** $0.30 per million input tokens, $2.50 per million output tokens (thinking included). */
    private static final CostRecord PRICE = new CostRecord("gemini", "gemini-2.5-flash", 0.0003, 0.0025, 0.00003,
            null, null, CostBasis.PRICE_FEED, "test", Instant.EPOCH);

    private final OpenAiToGemini translator = new OpenAiToGemini(CLOCK, () -> "id");

    private static double cost(Usage usage) {
        return ActualCost.of(new TokenUsage(usage.promptTokens(), usage.completionTokens(), usage.cachedTokens()),
                PRICE).totalCost();
    }

    @Test
    void aWholeAnswerBillsItsThinkingAsOutput() throws Exception {
        // 38 prompt tokens, 8 answer tokens, 501 thinking tokens
        Usage usage = translator.fromUpstream(200, WireFixtures.bytes("gemini/generate-content-function-call.json"),
                "smart").usage();
        assertEquals(new Usage(38, 8 + 501, 0), usage);
        assertEquals(38 * 0.0003 / 1000 + 509 * 0.0025 / 1000, cost(usage), 1e-15);
        assertEquals(0.0012839, cost(usage), 1e-12);
    }

    @Test
    void aStreamBillsItsThinkingAsOutput() {
        // the last event: 38 prompt tokens, 6 answer tokens, 168 thinking tokens
        StreamTranslator stream = translator.stream("smart", true);
        translate(stream, events(text("gemini/stream-function-call.txt")));
        assertEquals(new Usage(38, 6 + 168, 0), stream.usage());
        assertEquals(0.0004464, cost(stream.usage()), 1e-12);
    }
}
