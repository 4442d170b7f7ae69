package io.llmrouter.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses YAML text into a tree; a syntax error becomes a {@link ConfigException} that quotes no source text.
 * Duplicate keys are errors (rather than the last one silently winning), and so are aliases ({@code *name}):
 * Jackson would read an alias as the plain string {@code name}, so {@code sharedSecret: *key} would quietly
 * become the secret "key".
 */
final class YamlDocument {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlDocument() {
    }

    /** @return the root node; a {@link MissingNode} for an empty document */
    static JsonNode read(String yaml, String source) {
        try (JsonParser parser = new AliasRefusingParser((YAMLParser) MAPPER.createParser(yaml))) {
            JsonNode root = MAPPER.readTree(parser);
            return root == null ? MissingNode.getInstance() : root;
        } catch (JacksonException e) {
            // Not chained as the cause: the parser's messages quote the offending line, which may hold a secret.
            throw ConfigException.invalid(source, List.of(describe(e)));
        } catch (IOException e) {
            // Reading from a String does no I/O; only parse errors (above) are expected.
            throw new UncheckedIOException(e);
        }
    }

    private static final class AliasRefusingParser extends JsonParserDelegate {

        private final YAMLParser yaml;

        AliasRefusingParser(YAMLParser yaml) {
            super(yaml);
            this.yaml = yaml;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            return refuseAlias(super.nextToken());
        }

        @Override
        public String nextFieldName() throws IOException {
            return refuseAlias(super.nextFieldName());
        }

        private <T> T refuseAlias(T token) throws JsonParseException {
            if (yaml.isCurrentAlias()) {
                throw new JsonParseException(this, "YAML aliases (*name) are not supported; write the value out");
            }
            return token;
        }
    }

    private static String describe(JacksonException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                Mark mark = yaml.getProblemMark();
                String context = yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")";
                return position(mark.getLine() + 1, mark.getColumn() + 1) + "YAML syntax error: " + yaml.getProblem()
                        + context;
            }
        }
        JsonLocation location = e.getLocation();
        return (location == null ? "" : position(location.getLineNr(), location.getColumnNr()))
                + "YAML error: " + e.getOriginalMessage();
    }

    private static String position(int line, int column) {
        return "line " + line + ", column " + column + ": ";
    }
}
