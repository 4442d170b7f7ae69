package io.llmrouter.forward.translate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.llmrouter.forward.translate.WireFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OpenAiWireTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"stream\":true,\"stream_options\":{\"include_usage\":true}}                 | true  | true",
            "{\"stream\":true}                                                           | true  | false",
            "{\"stream\":true,\"stream_options\":{\"include_usage\":false}}                | true  | false",
            "{\"stream\":\"true\",\"stream_options\":{\"include_usage\":\"true\"}}         | false | false",
            "{\"stream\":false}                                                          | false | false",
            "{}                                                                          | false | false"})
    void readsTheStreamingWishesOfARequest(String request, boolean stream, boolean usage) {
        assertEquals(stream, OpenAiWire.streamRequested(json(request)));
        assertEquals(usage, OpenAiWire.usageRequested(json(request)));
    }

    @Test
    void buildsOpenAiErrorBodies() {
        assertEquals(json("{\"error\":{\"message\":\"no healthy target\",\"type\":\"server_error\",\"param\":null,"
                + "\"code\":\"no_target\"}}"), OpenAiWire.error("no healthy target", "server_error", null, "no_target"));
    }
}
