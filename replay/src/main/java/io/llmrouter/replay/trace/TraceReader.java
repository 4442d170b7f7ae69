package io.llmrouter.replay.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a trace in the Azure LLM inference traces' CSV format:
 *
 * <pre>
 * TIMESTAMP,ContextTokens,GeneratedTokens
 * 2023-11-16 18:17:03.9799600,4808,10
 * </pre>
 *
 * Timestamps are local date-times with up to nine fractional digits of a second (or none); arrivals are
 * counted from the first row and must not go back in time. Token counts are whole numbers, not negative.
 * Line ends may be LF or CRLF; blank lines are skipped. Every malformed row is reported with its line
 * number and what is wrong with it: a replay of a trace read half-right would be a wrong answer.
 */
public final class TraceReader {

    static final String HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens";

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter();

    private TraceReader() {
    }

    public static Trace read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.getFileName().toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trace " + file, e);
        }
    }

    /** @param name how errors and reports name the trace */
    public static Trace read(String name, Reader in) {
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<TraceRequest> requests = new ArrayList<>();
        try {
            String header = lines.readLine();
            if (header == null) {
                throw new TraceFormatException(name + ": empty file; expected the header " + HEADER);
            }
            header = stripBom(header).strip();
            if (!header.equalsIgnoreCase(HEADER)) {
                throw new TraceFormatException(name + ":1: expected the header " + HEADER + ", got '" + header + "'");
            }
            LocalDateTime first = null;
            double previous = 0;
            int lineNumber = 1;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                String row = line.strip();
                if (row.isEmpty()) {
                    continue;
                }
                String where = name + ":" + lineNumber + ": ";
                String[] fields = row.split(",", -1);
                if (fields.length != 3) {
                    throw new TraceFormatException(where + "expected 3 fields (" + HEADER + "), got " + fields.length
                            + ": '" + row + "'");
                }
                LocalDateTime at = timestamp(where, fields[0].strip());
                if (first == null) {
                    first = at;
                }
                double arrival = Duration.between(first, at).toNanos() / 1e9;
                if (arrival < previous) {
                    throw new TraceFormatException(where + "TIMESTAMP " + fields[0].strip()
                            + " is earlier than the row before it; rows must be in time order");
                }
                previous = arrival;
                requests.add(new TraceRequest(requests.size(), arrival, tokens(where, "ContextTokens", fields[1]),
                        tokens(where, "GeneratedTokens", fields[2])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trace " + name, e);
        }
        if (requests.isEmpty()) {
            throw new TraceFormatException(name + ": no requests after the header");
        }
        return new Trace(name, requests);
    }

    private static LocalDateTime timestamp(String where, String text) {
        try {
            return LocalDateTime.parse(text, TIMESTAMP);
        } catch (DateTimeParseException e) {
            throw new TraceFormatException(where + "TIMESTAMP '" + text
                    + "' is not a date-time like 2023-11-16 18:17:03.9799600");
        }
    }

    private static int tokens(String where, String field, String text) {
        String value = text.strip();
        int tokens;
        try {
            tokens = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new TraceFormatException(where + field + " '" + value + "' is not a whole number");
        }
        if (tokens < 0) {
            throw new TraceFormatException(where + field + " " + tokens + " is negative");
        }
        return tokens;
    }

    private static String stripBom(String line) {
        return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    }
}
