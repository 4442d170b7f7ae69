package io.llmrouter.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs code with {@code System.out} captured, the way Lambda hands a function's stdout to CloudWatch
 * Logs, and picks out the Embedded Metric Format documents (lines with an {@code _aws} key) that
 * Powertools Metrics printed.
 */
public final class StdoutCapture {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the code returned and what it printed. */
    public record Captured<T>(T result, String stdout) {

        /** Every EMF document printed, in order. */
        public List<JsonNode> emfDocuments() {
            List<JsonNode> documents = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                if (line.startsWith("{") && line.contains("\"_aws\"")) {
                    try {
                        documents.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException("an EMF line is not JSON: " + line, e);
                    }
                }
            }
            return documents;
        }

        /** The only EMF document printed. */
        public JsonNode emfDocument() {
            List<JsonNode> documents = emfDocuments();
            if (documents.size() != 1) {
                throw new AssertionError(documents.size() + " EMF documents, expected 1, in: " + stdout);
            }
            return documents.get(0);
        }
    }

    private StdoutCapture() {
    }

    public static synchronized <T> Captured<T> run(Supplier<T> code) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        T result;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            result = code.get();
        } finally {
            System.setOut(stdout);
        }
        return new Captured<>(result, captured.toString(StandardCharsets.UTF_8));
    }
}
