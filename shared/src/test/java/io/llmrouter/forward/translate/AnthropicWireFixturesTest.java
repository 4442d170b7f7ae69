package io.llmrouter.forward.translate;

import com.anthropic.models.ErrorResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.llmrouter.forward.sse.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The testkit's Anthropic stand-in answers with the fixtures under {@code wire/anthropic/}: each must be
 * what the real API sends, as anthropic-java (the official SDK) reads it. JSON bodies parse into
 * {@link Message} (errors into {@link ErrorResponse}), each event of a stream transcript into
 * {@link RawMessageStreamEvent} (error events into {@link ErrorResponse}), and validate.
 *
 * <p>The fixtures are read from the testkit's sources, not from the installed testkit jar, so a changed
 * fixture is checked before the testkit is built.
 */
class AnthropicWireFixturesTest {

    private static final Path SOURCES = Path.of("..", "testkit", "src", "main", "resources", "wire", "anthropic");
    private static final JsonMapper SDK = com.anthropic.core.ObjectMappers.jsonMapper();

    /** A fixture's text: from the testkit's sources when this runs in the repository, else from the classpath. */
    static String text(String name) {
        Path file = SOURCES.resolve(name);
        if (Files.isRegularFile(file)) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return WireFixtures.text("anthropic/" + name);
    }

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".md")).sorted().toList().stream();
        }
    }

    @Test
    void theFixturesAreThere() throws IOException {
        assertTrue(fixtures().count() >= 10, "expected the Anthropic fixtures in " + SOURCES.toAbsolutePath());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureParsesIntoTheSdkTypes(String name) throws IOException {
        String text = text(name);
        if (name.endsWith(".json")) {
            if (name.startsWith("error-")) {
                SDK.readValue(text, ErrorResponse.class).validate();
            } else {
                Message message = SDK.readValue(text, Message.class);
                message.validate();
                assertTrue(message._additionalProperties().isEmpty(), name + ": " + message._additionalProperties());
                assertTrue(message.usage()._additionalProperties().isEmpty(), name + ": usage has unknown fields");
            }
            return;
        }
        List<SseEvent> events = WireFixtures.events(text);
        assertFalse(events.isEmpty());
        for (SseEvent event : events) {
            if ("ping".equals(event.event())) {
                continue; // the SDK's stream handler skips ping events: they are in no type
            }
            if ("error".equals(event.event())) {
                SDK.readValue(event.data(), ErrorResponse.class).validate();
                continue;
            }
            RawMessageStreamEvent parsed = SDK.readValue(event.data(), RawMessageStreamEvent.class);
            parsed.validate();
            if (parsed.isMessageStart()) {
                assertTrue(parsed.asMessageStart().message()._additionalProperties().isEmpty(), name + ": " + event.data());
            }
            if (parsed.isMessageDelta()) {
                assertTrue(parsed.asMessageDelta().delta()._additionalProperties().isEmpty(), name + ": " + event.data());
            }
        }
    }
}
