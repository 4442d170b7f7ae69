package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.forward.ClientApi;
import io.llmrouter.forward.translate.Usage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A finished stream put back together as its completion; anything but a clean stream of one choice makes none. */
class StreamedCompletionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String HEAD = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"m\",\"choices\":";

    static byte[] stream(String... chunks) {
        StringBuilder events = new StringBuilder();
        for (String chunk : chunks) {
            events.append("data: ").append(chunk).append("\n\n");
        }
        return events.toString().getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode chat(byte[] events) throws Exception {
        return JSON.readTree(StreamedCompletion.of(ClientApi.CHAT_COMPLETIONS, events, new Usage(3, 4, null))
                .orElseThrow());
    }

    @Test
    void toolCallFragmentsAreJoinedAndTheReportedUsageFillsInForAMissingUsageChunk() throws Exception {
        JsonNode completion = chat(stream(
                HEAD + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null}}]}",
                HEAD + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"ci\"}}]}}]}",
                HEAD + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":\\\"Oslo\\\"}\"}}]}}]}",
                HEAD + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "[DONE]"));

        JsonNode message = completion.path("choices").path(0).path("message");
        assertTrue(message.path("content").isNull());
        assertEquals("call_1", message.path("tool_calls").path(0).path("id").asText());
        assertEquals("weather", message.path("tool_calls").path(0).path("function").path("name").asText());
        assertEquals("{\"city\":\"Oslo\"}", message.path("tool_calls").path(0).path("function").path("arguments").asText());
        assertEquals("tool_calls", completion.path("choices").path(0).path("finish_reason").asText());
        assertEquals(7, completion.path("usage").path("total_tokens").asInt());
        assertEquals("chat.completion", completion.path("object").asText());
        assertEquals("c1", completion.path("id").asText());
    }

    @Test
    void aLegacyStreamBecomesATextCompletion() throws Exception {
        byte[] events = stream("{\"id\":\"t\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"text\":\"upon\",\"index\":0,\"finish_reason\":null}]}",
                "{\"id\":\"t\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[{\"text\":\" a time\",\"index\":0,\"finish_reason\":\"length\"}]}",
                "[DONE]");
        JsonNode completion = JSON.readTree(StreamedCompletion.of(ClientApi.LEGACY_COMPLETIONS, events, Usage.UNKNOWN)
                .orElseThrow());
        assertEquals("upon a time", completion.path("choices").path(0).path("text").asText());
        assertEquals("length", completion.path("choices").path(0).path("finish_reason").asText());
        assertFalse(completion.has("usage"), "no usage known, none made up");
    }

    @Test
    void anErrorASecondChoiceOrNoDoneMakesNoCompletion() {
        String content = HEAD + "[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}";
        assertTrue(StreamedCompletion.of(ClientApi.CHAT_COMPLETIONS, stream(content), Usage.UNKNOWN).isEmpty(), "no [DONE]");
        assertTrue(StreamedCompletion.of(ClientApi.CHAT_COMPLETIONS, stream(content,
                "{\"error\":{\"message\":\"stalled\",\"code\":\"stream_interrupted\"}}", "[DONE]"), Usage.UNKNOWN).isEmpty());
        assertTrue(StreamedCompletion.of(ClientApi.CHAT_COMPLETIONS, stream(content,
                HEAD + "[{\"index\":1,\"delta\":{\"content\":\"Ho\"}}]}", "[DONE]"), Usage.UNKNOWN).isEmpty());
        assertTrue(StreamedCompletion.of(ClientApi.CHAT_COMPLETIONS, stream("not json", "[DONE]"), Usage.UNKNOWN).isEmpty());
        assertTrue(StreamedCompletion.of(ClientApi.CHAT_COMPLETIONS, stream(content, "[DONE]"), Usage.UNKNOWN).isPresent());
    }
}
