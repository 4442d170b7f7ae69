package io.llmrouter.replay.report.chart;

import java.util.Locale;

/**
 * The two things every chart's text needs to be valid and reproducible: XML escaping of names that come
 * from configs, and numbers written with fixed decimals in {@link Locale#ROOT}, so a chart's bytes do not
 * depend on the machine's locale.
 */
final class Svg {

    private Svg() {
    }

    /** {@code text} safe in XML text and in a double-quoted attribute; characters XML 1.0 forbids become U+FFFD. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.appendCodePoint(allowedInXml(c) ? c : 0xFFFD);
            }
        });
        return out.toString();
    }

    private static boolean allowedInXml(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    /** {@code value} with {@code decimals} decimals, never "-0". */
    static String fixed(double value, int decimals) {
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return isNegativeZero(text) ? text.substring(1) : text;
    }

    /** A pixel coordinate: two decimals are finer than any screen. */
    static String px(double value) {
        return fixed(value, 2);
    }

    private static boolean isNegativeZero(String text) {
        if (!text.startsWith("-")) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '0' && c != '.') {
                return false;
            }
        }
        return true;
    }
}
