package io.llmrouter.routing.complexity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores how demanding a prompt is, from signals a person would also use: its length, code in it or
 * asked for, several steps asked for, analytical asks (compare, prove, design), and mathematics. Each
 * signal adds capped points; the score is their sum, at most 1.
 *
 * <p>Deliberately simple and explainable rather than learned: an operator reading
 * {@code x-router-reason} or {@code /v1/router/explain} can see why a prompt went where it did, and tune
 * the thresholds. Only the first {@value #SCANNED_CHARS} characters are scanned, so the cost stays
 * bounded (well under a millisecond) whatever the prompt's size; length is judged on the token count.
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

    private static final Pattern CODE_FENCE = Pattern.compile("```|~~~");
    private static final Pattern CODE_LINE = Pattern.compile(
            "(?m)^\\s*(def |class |public |private |function |func |fn |import |#include|SELECT |for \\(|while \\(|if \\().*$"
                    + "|(?m)[;{}]\\s*$");
    private static final Pattern CODE_WORDS = Pattern.compile(
            "\\b(code|function|method|class|bug|debug|refactor|compile|regex|sql|query|script|implement|stack trace|"
                    + "python|java|javascript|typescript|rust|golang|c\\+\\+|api|algorithm)\\b");
    private static final Pattern STEP_WORDS = Pattern.compile(
            "\\b(step[- ]by[- ]step|steps|first\\b.{1,200}\\bthen|and then|afterwards|finally|walk me through|plan)\\b");
    private static final Pattern NUMBERED_LINE = Pattern.compile("(?m)^\\s*(\\d+[.)]|[-*•])\\s+\\S");
    private static final Pattern ANALYTICAL_WORDS = Pattern.compile(
            "\\b(analy[sz]e|analysis|compare|contrast|evaluate|assess|prove|derive|justify|critique|design|architect\\w*|"
                    + "trade-?offs?|pros and cons|explain why|root cause|optimi[sz]e|strategy|implications|reason about)\\b");
    private static final Pattern MATH_TERMS = Pattern.compile(
            "\\b(integral|derivative|theorem|lemma|equation|matrix|eigen\\w*|probability|proof|polynomial|"
                    + "complexity of)\\b|\\\\(frac|sum|int|sqrt)|[0-9a-z]\\s*[=^]\\s*[0-9a-z(]");

    private PromptComplexity() {
    }

    /**
     * @param text         what the user asked (the router passes the last user message)
     * @param promptTokens the whole prompt's tokens, for the length signal
     */
    public static ComplexityAnalysis analyze(String text, int promptTokens) {
        String scanned = (text.length() > SCANNED_CHARS ? text.substring(0, SCANNED_CHARS) : text)
                .toLowerCase(Locale.ROOT);
        List<Signal> signals = new ArrayList<>(5);
        length(promptTokens, signals);
        code(scanned, signals);
        multiStep(scanned, signals);
        analytical(scanned, signals);
        if (MATH_TERMS.matcher(scanned).find()) {
            signals.add(new Signal("math", MATH, "mathematical notation or terms"));
        }
        double score = Math.min(1.0, signals.stream().mapToDouble(Signal::points).sum());
        return new ComplexityAnalysis(Math.round(score * 1000) / 1000.0, signals);
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

    private static void code(String text, List<Signal> signals) {
        if (CODE_FENCE.matcher(text).find()) {
            signals.add(new Signal("code", CODE_BLOCK, "fenced code block"));
            return;
        }
        Matcher lines = CODE_LINE.matcher(text);
        int codeLines = 0;
        while (lines.find() && codeLines < 3) {
            codeLines++;
        }
        if (codeLines >= 3) {
            signals.add(new Signal("code", CODE_BLOCK, "lines of code"));
            return;
        }
        Matcher words = CODE_WORDS.matcher(text);
        if (words.find()) {
            signals.add(new Signal("code", CODE_MENTION, "'" + words.group() + "'"));
        }
    }

    private static void multiStep(String text, List<Signal> signals) {
        Matcher numbered = NUMBERED_LINE.matcher(text);
        int items = 0;
        while (numbered.find() && items < 3) {
            items++;
        }
        if (items >= 3) {
            signals.add(new Signal("multi_step", MULTI_STEP, "a list of " + items + "+ items"));
            return;
        }
        Matcher words = STEP_WORDS.matcher(text);
        if (words.find()) {
            String seen = words.group();
            signals.add(new Signal("multi_step", MULTI_STEP, "'" + (seen.length() > 30 ? seen.substring(0, 30) + "…" : seen) + "'"));
        }
    }

    private static void analytical(String text, List<Signal> signals) {
        Matcher words = ANALYTICAL_WORDS.matcher(text);
        Set<String> seen = new LinkedHashSet<>();
        while (words.find() && seen.size() * ANALYTICAL_EACH < ANALYTICAL_MAX) {
            seen.add(words.group());
        }
        if (!seen.isEmpty()) {
            double points = Math.min(ANALYTICAL_MAX, seen.size() * ANALYTICAL_EACH);
            signals.add(new Signal("analytical", round(points), "'" + String.join("', '", seen) + "'"));
        }
    }

    private static double round(double points) {
        return Math.round(points * 1000) / 1000.0;
    }
}
