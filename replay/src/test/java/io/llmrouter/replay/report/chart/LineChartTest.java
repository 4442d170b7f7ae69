package io.llmrouter.replay.report.chart;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineChartTest {

    private static final double[] RATES = {10, 500, 1000};

    @Test
    void aDashedLineTakesTheColourOfTheSolidLineBeforeIt() {
        ParsedSvg svg = ParsedSvg.parse(LineChart.usdOverCount("Cost <at> scale", "Three lines.", "requests per second",
                "US$ per million requests", List.of(
                        new LineChart.Line("on-demand", false, RATES, new double[] {5, 5, 5}),
                        new LineChart.Line("on-demand, HTTP API", true, RATES, new double[] {6, 6, 6}),
                        new LineChart.Line("instances", false, RATES, new double[] {8, 1, 0.5}))));
        List<Element> series = svg.withClass("path", "series");
        assertEquals(List.of("on-demand", "on-demand, HTTP API", "instances"),
                series.stream().map(path -> path.getAttribute("data-series")).toList());
        assertEquals(series.get(0).getAttribute("stroke"), series.get(1).getAttribute("stroke"));
        assertNotEquals(series.get(0).getAttribute("stroke"), series.get(2).getAttribute("stroke"));
        assertTrue(series.get(1).hasAttribute("stroke-dasharray"));
        assertTrue(!series.get(0).hasAttribute("stroke-dasharray"));
        assertTrue(svg.texts("tick-label").contains("$8"), "a dollar axis up to the data: " + svg.texts("tick-label"));
        assertTrue(svg.texts("tick-label").contains("1000"), "a count axis to the data's end: " + svg.texts("tick-label"));
    }
}
