package io.llmrouter.replay.report.chart;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartSvgTest {

    private static final String ODD_NAME = "a<b & \"c\" 'd'\u0001";

    private static Chart chart() {
        return new Chart("Spend <by> policy", "Two lines & a staircase.", "minutes", Unit.MINUTES, "spend (USD)",
                Unit.USD, null, List.of(
                Series.line("router", "#1f77b4", new double[] {0, 1, 2, 3}, new double[] {0, 0.4, 0.9, 1.7}),
                Series.line(ODD_NAME, "#ff7f0e", new double[] {0, 3}, new double[] {0, 0.5}),
                Series.step("queue", "#d62728", true, new double[] {0, 1, 2, 3}, new double[] {1, Double.NaN, 2, 0})));
    }

    @Test
    void isWellFormedSvgWithATitleADescriptionAndAPathPerSeries() {
        ParsedSvg svg = ParsedSvg.parse(ChartSvg.render(chart()));
        assertEquals("svg", svg.root().getLocalName());
        assertEquals(ParsedSvg.SVG_NS, svg.root().getNamespaceURI());
        assertEquals("Spend <by> policy", svg.document().getElementsByTagNameNS(ParsedSvg.SVG_NS, "title").item(0).getTextContent());
        assertEquals("Two lines & a staircase.", svg.document().getElementsByTagNameNS(ParsedSvg.SVG_NS, "desc").item(0).getTextContent());
        assertEquals("chart-title chart-desc", svg.root().getAttribute("aria-labelledby"));

        List<Element> paths = svg.withClass("path", "series");
        assertEquals(3, paths.size());
        assertEquals(List.of("4", "2", "4"), paths.stream().map(p -> p.getAttribute("data-points")).toList());
        assertEquals(List.of("#1f77b4", "#ff7f0e", "#d62728"), paths.stream().map(p -> p.getAttribute("stroke")).toList());
        assertEquals("8 5", paths.get(2).getAttribute("stroke-dasharray"));
        assertEquals(List.of("minutes", "spend (USD)"), svg.texts("axis-label").stream().sorted().toList());
    }

    @Test
    void namesFromTheConfigAreEscapedInTextAndAttributes() {
        ParsedSvg svg = ParsedSvg.parse(ChartSvg.render(chart()));
        String shown = "a<b & \"c\" 'd'\uFFFD";
        assertEquals(List.of("router", shown, "queue"), svg.texts("legend-label"));
        assertEquals(shown, svg.withClass("path", "series").get(1).getAttribute("data-series"));
    }

    @Test
    void theAxesCoverTheDataEveryPointIsInsideThePlotArea() {
        ParsedSvg svg = ParsedSvg.parse(ChartSvg.render(chart()));
        double[] area = svg.plotArea();
        for (Element path : svg.withClass("path", "series")) {
            String d = path.getAttribute("d");
            List<Double> numbers = ParsedSvg.numbers(path);
            assertFalse(numbers.isEmpty(), d);
            // M and L take x y pairs; H takes an x, V a y: check each by its command.
            String[] commands = d.trim().split(" (?=[MLHVZ])");
            for (String command : commands) {
                char c = command.charAt(0);
                String[] args = command.substring(1).trim().split(" ");
                if (c == 'M' || c == 'L') {
                    assertInside(Double.parseDouble(args[0]), area[0], area[2], d);
                    assertInside(Double.parseDouble(args[1]), area[1], area[3], d);
                } else if (c == 'H') {
                    assertInside(Double.parseDouble(args[0]), area[0], area[2], d);
                } else if (c == 'V') {
                    assertInside(Double.parseDouble(args[0]), area[1], area[3], d);
                }
            }
        }
        // The y axis ends at the tick above the largest value (1.7 $), the x axis at the last x (3 min, ticks of 0.5).
        List<String> ticks = svg.texts("tick-label");
        assertTrue(ticks.contains("$2.0"), ticks.toString());
        assertTrue(ticks.contains("3.0") && !ticks.contains("3.5"), ticks.toString());
    }

    private static void assertInside(double value, double start, double length, String d) {
        assertTrue(value >= start - 1e-9 && value <= start + length + 1e-9, value + " outside [" + start + ", "
                + (start + length) + "] in " + d);
    }

    @Test
    void aNaNBreaksAStaircaseAndTheHighestPointIsAtTheTopOfItsScale() {
        ParsedSvg svg = ParsedSvg.parse(ChartSvg.render(chart()));
        String queue = svg.withClass("path", "series").get(2).getAttribute("d");
        assertEquals(2, queue.chars().filter(c -> c == 'M').count(), queue);
        // 1.7 on a 0..2 axis: 15 % below the plot's top.
        double[] area = svg.plotArea();
        List<Double> router = ParsedSvg.numbers(svg.withClass("path", "series").get(0));
        assertEquals(area[1] + 0.15 * area[3], router.get(router.size() - 1), 0.01);
    }

    @Test
    void aStaircaseIsDrawnByItsCorners() {
        // 0..4 min on 620 px from x 80, 0..2 requests on 352 px from y 408 up: 2 min is x 390, 2 requests y 56.
        Chart chart = new Chart("t", "d", "x", Unit.MINUTES, "y", Unit.REQUESTS, null, List.of(Series.step("s",
                "#1f77b4", false, new double[] {0, 1, 1.5, 2, 3, 4}, new double[] {0, 0, 0, 2, 2, 2})));
        String d = ParsedSvg.parse(ChartSvg.render(chart)).withClass("path", "series").get(0).getAttribute("d");
        assertEquals("M80.00 408.00 H390.00 V56.00 H700.00", d);
    }

    @Test
    void theSameChartGivesTheSameBytesInAnyLocale() {
        String first = ChartSvg.render(chart());
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.FRANCE);
            assertEquals(first, ChartSvg.render(chart()));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aSeriesWithoutPointsHasALegendEntryButNoPath() {
        Chart chart = new Chart("t", "d", "x", Unit.MINUTES, "y", Unit.REQUESTS, null,
                List.of(Series.step("empty", "#1f77b4", false, new double[0], new double[0])));
        ParsedSvg svg = ParsedSvg.parse(ChartSvg.render(chart));
        assertTrue(svg.withClass("path", "series").isEmpty());
        assertEquals(List.of("empty"), svg.texts("legend-label"));
    }

    @Test
    void linesDrawnEarlierAreWiderSoThatCoincidingLinesStayVisible() {
        List<Element> paths = ParsedSvg.parse(ChartSvg.render(chart())).withClass("path", "series");
        assertEquals(List.of("4", "3", "2"), paths.stream().map(p -> p.getAttribute("stroke-width")).toList());
    }
}
