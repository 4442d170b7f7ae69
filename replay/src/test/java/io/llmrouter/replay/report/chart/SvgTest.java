package io.llmrouter.replay.report.chart;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SvgTest {

    @Test
    void escapesMarkupAndReplacesCharactersXmlForbids() {
        assertEquals("a&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;", Svg.escape("a<b> & \"c\" 'd'"));
        assertEquals("bell\uFFFD tab\t", Svg.escape("bell\u0007 tab\t"));
        assertEquals("Zürich \uD83D\uDE80", Svg.escape("Zürich \uD83D\uDE80"));
    }

    @Test
    void numbersHaveFixedDecimalsWhateverTheLocaleAndNoNegativeZero() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1.50", Svg.fixed(1.5, 2));
            assertEquals("1234567.0", Svg.fixed(1234567, 1));
            assertEquals("0.00", Svg.px(-0.001));
            assertEquals("-0.01", Svg.px(-0.006));
        } finally {
            Locale.setDefault(before);
        }
    }
}
