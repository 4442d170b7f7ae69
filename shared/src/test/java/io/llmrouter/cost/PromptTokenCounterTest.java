package io.llmrouter.cost;

import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptTokenCounterTest {

    /**
     * The conversation of OpenAI's cookbook "How to count tokens with tiktoken", for which the OpenAI
     * API itself reported 129 prompt tokens on gpt-4 (cl100k_base) and 124 on gpt-4o (o200k_base).
     */
    private static final List<PromptTokenCounter.Message> COOKBOOK_EXAMPLE = List.of(
            new PromptTokenCounter.Message("system", null,
                    "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
            new PromptTokenCounter.Message("system", "example_user", "New synergies will help drive top-line growth."),
            new PromptTokenCounter.Message("system", "example_assistant",
                    "Things working well together will increase revenue."),
            new PromptTokenCounter.Message("system", "example_user",
                    "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."),
            new PromptTokenCounter.Message("system", "example_assistant",
                    "Let's talk later when we're less busy about how to do better."),
            new PromptTokenCounter.Message("user", null,
                    "This late pivot means we don't have time to boil the ocean for the client deliverable."));

    @Test
    void matchesThePromptTokensOpenAiReportedForCl100k() {
        assertEquals(129, PromptTokenCounter.forEncoding(EncodingType.CL100K_BASE).countMessages(COOKBOOK_EXAMPLE));
    }

    @Test
    void matchesThePromptTokensOpenAiReportedForO200k() {
        assertEquals(124, PromptTokenCounter.forEncoding(EncodingType.O200K_BASE).countMessages(COOKBOOK_EXAMPLE));
    }

    @Test
    void picksTheEncodingOfKnownModelsAndO200kOtherwise() {
        assertEquals("cl100k_base", PromptTokenCounter.forModel("gpt-4").encodingName());
        assertEquals("o200k_base", PromptTokenCounter.forModel("gpt-4o").encodingName());
        assertEquals("o200k_base", PromptTokenCounter.forModel("llama-3.2-1b-instruct").encodingName());
        assertEquals("o200k_base", PromptTokenCounter.forModel(null).encodingName());
    }

    @Test
    void anEmptyConversationCostsOnlyTheReplyPrimer() {
        assertEquals(PromptTokenCounter.REPLY_PRIMER_TOKENS, PromptTokenCounter.forModel("gpt-4o").countMessages(List.of()));
    }

    @Test
    void aMessageCostsItsOverheadRoleAndContent() {
        PromptTokenCounter counter = PromptTokenCounter.forModel("gpt-4o");
        String content = "Hello there, how are you today?";

        int tokens = counter.countMessages(List.of(new PromptTokenCounter.Message("user", null, content)));

        assertEquals(PromptTokenCounter.REPLY_PRIMER_TOKENS + PromptTokenCounter.TOKENS_PER_MESSAGE
                + counter.countText("user") + counter.countText(content), tokens);
    }

    @Test
    void specialTokenTextIsCountedAsOrdinaryText() {
        PromptTokenCounter counter = PromptTokenCounter.forModel("gpt-4o");

        int tokens = counter.countMessages(List.of(new PromptTokenCounter.Message("user", null, "<|endoftext|> hi")));

        assertTrue(tokens > PromptTokenCounter.REPLY_PRIMER_TOKENS + PromptTokenCounter.TOKENS_PER_MESSAGE + 2,
                "special-token text counts as several ordinary tokens, got " + tokens);
    }

    @Test
    void aMessageWithoutContentCostsItsOverheadAndRole() {
        PromptTokenCounter counter = PromptTokenCounter.forModel("gpt-4o");

        int tokens = counter.countMessages(List.of(new PromptTokenCounter.Message("assistant", null, null)));

        assertEquals(PromptTokenCounter.REPLY_PRIMER_TOKENS + PromptTokenCounter.TOKENS_PER_MESSAGE
                + counter.countText("assistant"), tokens);
    }
}
