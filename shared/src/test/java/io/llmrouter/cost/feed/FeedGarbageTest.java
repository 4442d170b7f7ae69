package io.llmrouter.cost.feed;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.PriceFeedFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bodies that are not a feed at all are rejected whole, with a reason, by every parser. */
class FeedGarbageTest {

    static Stream<PriceFeedParser<?>> parsers() {
        return Stream.concat(
                Arrays.stream(PriceFeedFormat.values()).map(ModelPriceParsers::forFormat),
                Arrays.stream(CloudProvider.values()).map(NodePriceParsers::forCloud));
    }

    static Stream<Arguments> garbage() {
        return parsers().flatMap(parser -> Stream.of(
                Arguments.of(parser, "", "empty body"),
                Arguments.of(parser, "  \n\t ", "empty body"),
                Arguments.of(parser, "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
                        "the body is an HTML page"),
                Arguments.of(parser, "{\"data\": [ {\"id\": ", "not valid JSON"),
                Arguments.of(parser, "{} trailing words", "not valid JSON"),
                Arguments.of(parser, "[1, 2, 3]", "expected a JSON object, got array"),
                Arguments.of(parser, "\"prices\"", "expected a JSON object, got string"),
                Arguments.of(parser, "null", "expected a JSON object, got null")));
    }

    @ParameterizedTest(name = "{0} rejects \"{1}\"")
    @MethodSource("garbage")
    void rejectsTheWholeBodyWithAReason(PriceFeedParser<?> parser, String body, String reason) {
        PriceFeedException e = assertThrows(PriceFeedException.class,
                () -> parser.parse(body.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("parsers")
    void rejectsANullBody(PriceFeedParser<?> parser) {
        assertThrows(PriceFeedException.class, () -> parser.parse(null));
    }
}
