package io.llmrouter.forward.translate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.llmrouter.forward.translate.WireFixtures.CLOCK;
import static io.llmrouter.forward.translate.WireFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bodies that skipped the gateway and break OpenAI's contract, sent straight to the translators that
 * read requests through {@link ChatRequestParser}. Each is refused with a {@link RequestTranslationException}
 * (so a 400, never a NullPointerException or ClassCastException, which would be a 500), with one
 * generic message: the detail of what is wrong is the gateway's to give (BadRequestTableTest).
 */
class ChatRequestParserTest {

    private static final String HI = "{\"role\":\"user\",\"content\":\"Hi\"}";
    private static final List<ProviderTranslator> TRANSLATORS = List.of(
            new OpenAiToAnthropic(CLOCK, OpenAiToAnthropic.DEFAULT_MAX_TOKENS),
            new OpenAiToGemini(CLOCK, () -> "id"));

    static Stream<Arguments> notChatRequests() {
        return Stream.of(
                "[1,2]",
                "\"hello\"",
                "{}",
                "{\"messages\":\"Hi\"}",
                "{\"messages\":[1]}",
                "{\"messages\":[{\"content\":\"Hi\"}]}",
                "{\"messages\":[{\"role\":7,\"content\":\"Hi\"}]}",
                "{\"messages\":[{\"role\":\"wizard\",\"content\":\"Hi\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":42}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":[\"Hi\"]}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":\"https://x/a.png\"}]}]}",
                "{\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/a.png\"}}]}," + HI + "]}",
                "{\"messages\":[" + HI + ",{\"role\":\"tool\",\"content\":\"42\"}]}",
                "{\"messages\":[" + HI + ",{\"role\":\"assistant\",\"tool_calls\":{}}]}",
                "{\"messages\":[" + HI + ",{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\"}]}]}",
                "{\"messages\":[" + HI + ",{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":{}}}]}]}",
                "{\"tools\":{},\"messages\":[" + HI + "]}",
                "{\"tools\":[{\"type\":\"function\"}],\"messages\":[" + HI + "]}",
                "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"{}\"}}],\"messages\":[" + HI + "]}",
                "{\"tool_choice\":\"sometimes\",\"messages\":[" + HI + "]}",
                "{\"tool_choice\":{\"type\":\"function\"},\"messages\":[" + HI + "]}",
                "{\"stop\":[1],\"messages\":[" + HI + "]}",
                "{\"temperature\":\"hot\",\"messages\":[" + HI + "]}",
                "{\"max_tokens\":\"10\",\"messages\":[" + HI + "]}",
                "{\"stream\":\"yes\",\"messages\":[" + HI + "]}",
                "{\"response_format\":\"json\",\"messages\":[" + HI + "]}",
                "{\"response_format\":{},\"messages\":[" + HI + "]}")
                .flatMap(body -> TRANSLATORS.stream().map(t -> Arguments.of(t.providerType(), body, t)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("notChatRequests")
    void refusesWhatIsNotAChatRequestWithAGenericMessage(Object provider, String body, ProviderTranslator translator) {
        RequestTranslationException e = assertThrows(RequestTranslationException.class,
                () -> translator.toUpstream(json(body), "model-1"));
        assertEquals("the request is not a valid chat completion request", e.getMessage());
        assertNull(e.param());
        assertEquals(400, e.status());
    }
}
