package io.llmrouter.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Prometheus text exposition format 0.0.4 (what llama-server's {@code /metrics} serves).
 *
 * <p>Written by hand because the Java Prometheus client only writes this format. It follows the format's
 * grammar: {@code # HELP name text} and {@code # TYPE name type} lines, other comments, blank lines,
 * metric names with colons, labels whose values escape {@code \\}, {@code \"} and {@code \n}, values in
 * exponent notation and as {@code NaN}/{@code +Inf}/{@code -Inf}, and an optional millisecond timestamp.
 *
 * <p>A line that does not follow the grammar is left out and counted in
 * {@link PrometheusExposition#skippedLines()}; parsing never fails because of one line, since a scrape
 * that is mostly readable is still worth most of its signals.
 */
public final class PrometheusTextParser {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusTextParser.class);

    /** Decimal floats as Go's strconv.ParseFloat reads them; Double.parseDouble alone would also take "1d" or hex. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private PrometheusTextParser() {
    }

    public static PrometheusExposition parse(String text) {
        List<PrometheusSample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        Map<String, String> help = new HashMap<>();
        int skipped = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            try {
                LineReader reader = new LineReader(line);
                reader.skipBlanks();
                if (reader.atEnd()) {
                    continue;
                }
                if (reader.peek() == '#') {
                    reader.readMetadata(types, help);
                } else {
                    samples.add(reader.readSample());
                }
            } catch (MalformedLineException e) {
                skipped++;
                LOG.debug("Skipped exposition line {}: {}", i + 1, e.getMessage());
            }
        }
        return new PrometheusExposition(samples, types, help, skipped);
    }

    /** Parses a sample value: decimal or exponent notation, NaN, or an infinity (case as Go accepts it). */
    static double parseValue(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!DECIMAL.matcher(token).matches()) {
                    throw new MalformedLineException("not a number: " + token);
                }
                return Double.parseDouble(token);
        }
    }

    private static final class MalformedLineException extends RuntimeException {
        MalformedLineException(String message) {
            super(message, null, false, false);
        }
    }

    /** A cursor over one line. */
    private static final class LineReader {
        private final String line;
        private int pos;

        LineReader(String line) {
            this.line = line;
        }

        void readMetadata(Map<String, String> types, Map<String, String> help) {
            pos++; // '#'
            skipBlanks();
            String keyword = readUntilBlank();
            if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
                return; // an ordinary comment
            }
            requireBlank();
            String family = readMetricName();
            if (!atEnd()) {
                requireBlank();
            }
            String rest = line.substring(pos);
            if (keyword.equals("HELP")) {
                putOnce(help, family, unescapeHelp(rest), "HELP");
            } else {
                String type = rest.strip();
                if (type.isEmpty() || type.chars().anyMatch(c -> c == ' ' || c == '\t')) {
                    throw new MalformedLineException("TYPE needs one word");
                }
                putOnce(types, family, type.toLowerCase(Locale.ROOT), "TYPE");
            }
        }

        PrometheusSample readSample() {
            String name = readMetricName();
            boolean blankAfterName = !atEnd() && isBlank(peek());
            skipBlanks();
            Map<String, String> labels = Map.of();
            if (!atEnd() && peek() == '{') {
                labels = readLabels();
            } else if (!blankAfterName) {
                throw new MalformedLineException("expected a blank or '{' after the metric name");
            }
            skipBlanks();
            if (atEnd()) {
                throw new MalformedLineException("missing value");
            }
            double value = parseValue(readUntilBlank());
            skipBlanks();
            Long timestamp = null;
            if (!atEnd()) {
                String token = readUntilBlank();
                if (!INTEGER.matcher(token).matches()) {
                    throw new MalformedLineException("bad timestamp");
                }
                try {
                    timestamp = Long.parseLong(token);
                } catch (NumberFormatException e) {
                    throw new MalformedLineException("timestamp out of range");
                }
                skipBlanks();
                if (!atEnd()) {
                    throw new MalformedLineException("text after the timestamp");
                }
            }
            return new PrometheusSample(name, labels, value, timestamp);
        }

        private Map<String, String> readLabels() {
            pos++; // '{'
            Map<String, String> labels = new LinkedHashMap<>();
            while (true) {
                skipBlanks();
                if (atEnd()) {
                    throw new MalformedLineException("unclosed label set");
                }
                if (peek() == '}') {
                    pos++;
                    return labels;
                }
                String labelName = readName(false);
                skipBlanks();
                expect('=');
                skipBlanks();
                expect('"');
                String value = readLabelValue();
                if (labels.putIfAbsent(labelName, value) != null) {
                    throw new MalformedLineException("duplicate label " + labelName);
                }
                skipBlanks();
                if (!atEnd() && peek() == ',') {
                    pos++;
                } else if (atEnd() || peek() != '}') {
                    throw new MalformedLineException("expected , or } after a label");
                }
            }
        }

        /** Reads up to the closing quote, undoing the three escapes the format defines. */
        private String readLabelValue() {
            StringBuilder value = new StringBuilder();
            while (!atEnd()) {
                char c = line.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (atEnd()) {
                    break;
                }
                char escaped = line.charAt(pos++);
                switch (escaped) {
                    case '\\' -> value.append('\\');
                    case '"' -> value.append('"');
                    case 'n' -> value.append('\n');
                    default -> throw new MalformedLineException("invalid escape \\" + escaped);
                }
            }
            throw new MalformedLineException("unterminated label value");
        }

        /** HELP text escapes only backslash and newline; other backslashes stay as written. */
        private static String unescapeHelp(String raw) {
            StringBuilder text = new StringBuilder(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length() && (raw.charAt(i + 1) == '\\' || raw.charAt(i + 1) == 'n')) {
                    text.append(raw.charAt(++i) == 'n' ? '\n' : '\\');
                } else {
                    text.append(c);
                }
            }
            return text.toString();
        }

        private static void putOnce(Map<String, String> map, String family, String value, String keyword) {
            if (map.putIfAbsent(family, value) != null) {
                throw new MalformedLineException("second " + keyword + " for " + family);
            }
        }

        private String readMetricName() {
            return readName(true);
        }

        /** Metric names may contain colons ({@code llamacpp:...}); label names may not. */
        private String readName(boolean colonAllowed) {
            int start = pos;
            while (!atEnd()) {
                char c = peek();
                boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colonAllowed && c == ':');
                boolean digit = c >= '0' && c <= '9';
                if (!(letter || (digit && pos > start))) {
                    break;
                }
                pos++;
            }
            if (pos == start) {
                throw new MalformedLineException("expected a name at column " + (start + 1));
            }
            return line.substring(start, pos);
        }

        private String readUntilBlank() {
            int start = pos;
            while (!atEnd() && !isBlank(peek())) {
                pos++;
            }
            return line.substring(start, pos);
        }

        private void requireBlank() {
            if (atEnd() || !isBlank(peek())) {
                throw new MalformedLineException("expected a blank at column " + (pos + 1));
            }
            skipBlanks();
        }

        private void expect(char c) {
            if (atEnd() || peek() != c) {
                throw new MalformedLineException("expected '" + c + "' at column " + (pos + 1));
            }
            pos++;
        }

        void skipBlanks() {
            while (!atEnd() && isBlank(peek())) {
                pos++;
            }
        }

        char peek() {
            return line.charAt(pos);
        }

        boolean atEnd() {
            return pos >= line.length();
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }
    }
}
