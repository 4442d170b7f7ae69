package io.llmrouter.routing.complexity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scores how demanding a prompt is, from signals a person would also use: its length, code in it or
 * asked for, several steps asked for, analytical asks (compare, prove, design), and mathematics. Each
 * signal adds capped points; the score is their sum, at most 1.
 *
 * <p>Deliberately simple and explainable rather than learned: an operator reading
 * {@code x-router-reason} or {@code /v1/router/explain} can see why a prompt went where it did, and tune
 * the thresholds. It runs on the request path, so the text is read in one pass over its lines and words
 * with set lookups (word-alternation regular expressions cost ~70 ns a character here), and only the
 * first {@value #SCANNED_CHARS} characters are read; length is judged on the token count.
 */
public final class PromptComplexity {

    static final int SCANNED_CHARS = 16_000;

    static final double LENGTH_MAX = 0.30;
    static final double CODE_BLOCK = 0.25;
    static final double CODE_MENTION = 0.10;
    static final double MULTI_STEP = 0.25;
    static final double ANALYTICAL_EACH = 0.15;
    static final double ANALYTICAL_MAX = 0.30;
    static final double MATH = 0.15;

    /** Prompts up to this many tokens get no length points; at LONG_TOKENS they get all of them. */
    static final int SHORT_TOKENS = 60;
    static final int LONG_TOKENS = 4_000;

    /** Lines that start like code; three of them count as code in the prompt. */
    private static final List<String> CODE_LINE_STARTS = List.of("def ", "class ", "public ", "private ",
            "function ", "func ", "fn ", "import ", "#include", "select ", "for (", "while (", "if (");
    private static final Set<String> CODE_WORDS = Set.of("code", "function", "method", "class", "bug", "debug",
            "refactor", "compile", "regex", "sql", "query", "script", "implement", "python", "java", "javascript",
            "typescript", "rust", "golang", "c++", "api", "algorithm");
    private static final Set<String> CODE_PHRASES = Set.of("stack trace");
    private static final Set<String> STEP_WORDS = Set.of("steps", "afterwards", "finally", "plan");
    private static final Set<String> STEP_PHRASES = Set.of("step by step", "step-by-step", "and then", "walk me through");
    private static final Set<String> ANALYTICAL_WORDS = Set.of("analyze", "analyse", "analysis", "compare",
            "contrast", "evaluate", "assess", "prove", "derive", "justify", "critique", "design", "tradeoff",
            "tradeoffs", "trade-off", "trade-offs", "optimize", "optimise", "strategy", "implications");
    private static final Set<String> ANALYTICAL_PHRASES = Set.of("pros and cons", "explain why", "root cause",
            "reason about");
    private static final Set<String> MATH_WORDS = Set.of("integral", "derivative", "theorem", "lemma", "equation",
            "matrix", "probability", "proof", "polynomial");
    private static final Set<String> MATH_PHRASES = Set.of("complexity of");
    /** First words of the phrases: a pair or triple of words is only put together after one of these. */
    private static final Set<String> PHRASE_STARTS = Set.of("stack", "step", "and", "walk", "pros", "explain", "root",
            "reason", "complexity");
    /** How many words after "first" a "then" still makes a sequence of steps. */
    private static final int FIRST_THEN_WINDOW = 40;

    private PromptComplexity() {
    }

    /**
     * @param text         what the user asked (the router passes the last user message)
     * @param promptTokens the whole prompt's tokens, for the length signal
     */
    public static ComplexityAnalysis analyze(String text, int promptTokens) {
        String scanned = (text.length() > SCANNED_CHARS ? text.substring(0, SCANNED_CHARS) : text)
                .toLowerCase(Locale.ROOT);
        Reading reading = Reading.of(scanned);
        List<Signal> signals = new ArrayList<>(5);
        length(promptTokens, signals);
        code(scanned, reading, signals);
        multiStep(reading, signals);
        analytical(reading, signals);
        if (reading.math != null) {
            signals.add(new Signal("math", MATH, reading.math));
        }
        double score = Math.min(1.0, signals.stream().mapToDouble(Signal::points).sum());
        return new ComplexityAnalysis(round(score), signals);
    }

    /** What one pass over the lines and words found; each field is the first evidence seen, or null. */
    private static final class Reading {
        int codeLines;
        int listItems;
        String codeWord;
        String step;
        String math;
        final Set<String> analytical = new LinkedHashSet<>();

        static Reading of(String text) {
            Reading reading = new Reading();
            reading.readLines(text);
            reading.readWords(text);
            reading.readMathNotation(text);
            return reading;
        }

        private void readLines(String text) {
            int start = 0;
            while (start <= text.length() && (codeLines < 3 || listItems < 3)) {
                int end = text.indexOf('\n', start);
                if (end < 0) {
                    end = text.length();
                }
                String line = text.substring(start, end).strip();
                if (isCodeLine(line)) {
                    codeLines++;
                }
                if (isListItem(line)) {
                    listItems++;
                }
                start = end + 1;
            }
        }

        private static boolean isCodeLine(String line) {
            if (line.isEmpty()) {
                return false;
            }
            char last = line.charAt(line.length() - 1);
            if (last == ';' || last == '{' || last == '}') {
                return true;
            }
            for (String start : CODE_LINE_STARTS) {
                if (line.startsWith(start)) {
                    return true;
                }
            }
            return false;
        }

        /** "1. ", "2) ", "- ", "* ", "• " followed by text. */
        private static boolean isListItem(String line) {
            int i = 0;
            while (i < line.length() && Character.isDigit(line.charAt(i))) {
                i++;
            }
            if (i > 0) {
                if (i >= line.length() || (line.charAt(i) != '.' && line.charAt(i) != ')')) {
                    return false;
                }
            } else if (line.isEmpty() || "-*•".indexOf(line.charAt(0)) < 0) {
                return false;
            }
            i++;
            return i + 1 < line.length() && Character.isWhitespace(line.charAt(i))
                    && !Character.isWhitespace(line.charAt(i + 1));
        }

        private void readWords(String text) {
            String previous = null;
            String beforePrevious = null;
            int firstAt = -1;
            int index = 0;
            int i = 0;
            while (i < text.length()) {
                while (i < text.length() && !isWordChar(text.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
                if (start == i) {
                    break;
                }
                String word = trimDashes(text.substring(start, i));
                if (word.isEmpty()) {
                    continue;
                }
                String pair = previous != null && PHRASE_STARTS.contains(previous) ? previous + " " + word : null;
                String triple = beforePrevious != null && PHRASE_STARTS.contains(beforePrevious)
                        ? beforePrevious + " " + previous + " " + word : null;
                see(word, pair, triple);
                if (everythingFound()) {
                    return;
                }
                if (word.equals("first")) {
                    firstAt = index;
                } else if (word.equals("then") && firstAt >= 0 && index - firstAt <= FIRST_THEN_WINDOW && step == null) {
                    step = "first ... then";
                }
                beforePrevious = previous;
                previous = word;
                index++;
            }
        }

        /** Once every word signal has its evidence, the rest of the text cannot change the score. */
        private boolean everythingFound() {
            return codeWord != null && step != null && math != null
                    && analytical.size() * ANALYTICAL_EACH >= ANALYTICAL_MAX;
        }

        private void see(String word, String pair, String triple) {
            if (codeWord == null) {
                codeWord = CODE_WORDS.contains(word) ? word : in(CODE_PHRASES, pair) ? pair : null;
            }
            if (step == null) {
                step = STEP_WORDS.contains(word) ? word : in(STEP_PHRASES, pair) ? pair
                        : in(STEP_PHRASES, triple) ? triple : null;
            }
            if (analytical.size() * ANALYTICAL_EACH < ANALYTICAL_MAX) {
                if (ANALYTICAL_WORDS.contains(word) || word.startsWith("architect")) {
                    analytical.add(word);
                } else if (in(ANALYTICAL_PHRASES, pair)) {
                    analytical.add(pair);
                } else if (in(ANALYTICAL_PHRASES, triple)) {
                    analytical.add(triple);
                }
            }
            if (math == null && (MATH_WORDS.contains(word) || word.startsWith("eigen") || in(MATH_PHRASES, pair))) {
                math = "'" + (in(MATH_PHRASES, pair) ? pair : word) + "'";
            }
        }

        /** LaTeX commands, or an equation or power between two terms ("x = 2", "n^2"). */
        private void readMathNotation(String text) {
            if (math != null) {
                return;
            }
            for (String command : List.of("\\frac", "\\sum", "\\int", "\\sqrt")) {
                if (text.contains(command)) {
                    math = "'" + command + "'";
                    return;
                }
            }
            for (int i = 1; i < text.length() - 1; i++) {
                char c = text.charAt(i);
                if ((c == '=' || c == '^') && isTerm(text, i, -1) && isTerm(text, i, +1)) {
                    math = "an equation or power";
                    return;
                }
            }
        }

        /** Whether the first non-space character on that side of {@code at} is a letter, digit or "(". */
        private static boolean isTerm(String text, int at, int direction) {
            int i = at + direction;
            while (i >= 0 && i < text.length() && text.charAt(i) == ' ') {
                i += direction;
            }
            if (i < 0 || i >= text.length()) {
                return false;
            }
            char c = text.charAt(i);
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (direction > 0 && c == '(');
        }

        private static boolean isWordChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '#';
        }

        private static String trimDashes(String word) {
            int start = 0;
            int end = word.length();
            while (start < end && word.charAt(start) == '-') {
                start++;
            }
            while (end > start && word.charAt(end - 1) == '-') {
                end--;
            }
            return word.substring(start, end);
        }
    }

    private static void length(int tokens, List<Signal> signals) {
        if (tokens <= SHORT_TOKENS) {
            return;
        }
        // Logarithmic: 60 -> 0, ~500 -> half, 4,000 and more -> all.
        double share = Math.log((double) tokens / SHORT_TOKENS) / Math.log((double) LONG_TOKENS / SHORT_TOKENS);
        double points = LENGTH_MAX * Math.min(1.0, share);
        signals.add(new Signal("length", round(points), String.format(Locale.ROOT, "%,d prompt tokens", tokens)));
    }

    private static void code(String text, Reading reading, List<Signal> signals) {
        if (text.contains("```") || text.contains("~~~")) {
            signals.add(new Signal("code", CODE_BLOCK, "fenced code block"));
        } else if (reading.codeLines >= 3) {
            signals.add(new Signal("code", CODE_BLOCK, "lines of code"));
        } else if (reading.codeWord != null) {
            signals.add(new Signal("code", CODE_MENTION, "'" + reading.codeWord + "'"));
        }
    }

    private static void multiStep(Reading reading, List<Signal> signals) {
        if (reading.listItems >= 3) {
            signals.add(new Signal("multi_step", MULTI_STEP, "a list of 3+ items"));
        } else if (reading.step != null) {
            signals.add(new Signal("multi_step", MULTI_STEP, "'" + reading.step + "'"));
        }
    }

    private static void analytical(Reading reading, List<Signal> signals) {
        if (!reading.analytical.isEmpty()) {
            double points = Math.min(ANALYTICAL_MAX, reading.analytical.size() * ANALYTICAL_EACH);
            signals.add(new Signal("analytical", round(points), "'" + String.join("', '", reading.analytical) + "'"));
        }
    }

    /** Set.of's sets refuse to be asked about null; the first words of a text have no pair or triple. */
    private static boolean in(Set<String> phrases, String phrase) {
        return phrase != null && phrases.contains(phrase);
    }

    private static double round(double points) {
        return Math.round(points * 1000) / 1000.0;
    }
}
