package io.llmrouter.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.ModelAlias;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The same request is the same whatever its key order or delivery; any other difference makes it another. */
class RequestFingerprintTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode body(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    static String chat(String json) throws Exception {
        return RequestFingerprint.of("chat", body(json), null);
    }

    static final String BASE = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0}";

    @Test
    void keyOrderNumberFormAndStreamingDoNotMatter() throws Exception {
        String fingerprint = chat(BASE);
        assertEquals(64, fingerprint.length());
        assertEquals(fingerprint, chat("{\"temperature\":0.0,\"messages\":[{\"content\":\"Hi\",\"role\":\"user\"}],\"model\":\"m\"}"));
        assertEquals(fingerprint, chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"temperature\":0,\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
    }

    @Test
    void messagesToolsAndEveryParameterMatter() throws Exception {
        String fingerprint = chat(BASE);
        for (String other : List.of(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi!\"}],\"temperature\":0}",
                "{\"model\":\"n\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0,\"max_tokens\":5}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0,\"top_p\":0.5}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0,\"seed\":1}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0,"
                        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}")) {
            assertNotEquals(fingerprint, chat(other), other);
        }
        assertNotEquals(fingerprint, RequestFingerprint.of("completions", body(BASE), null), "another API");
    }

    @Test
    void anAliasPointedElsewhereIsAnotherRequest() throws Exception {
        ModelAlias before = new ModelAlias("m", List.of(new ModelAlias.AliasTarget("openai", "gpt-4o-mini")));
        ModelAlias after = new ModelAlias("m", List.of(new ModelAlias.AliasTarget("anthropic", null)));
        assertNotEquals(RequestFingerprint.of("chat", body(BASE), before), RequestFingerprint.of("chat", body(BASE), after));
        assertEquals(RequestFingerprint.of("chat", body(BASE), before), RequestFingerprint.of("chat", body(BASE), before));
    }
}
