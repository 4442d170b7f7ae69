package io.llmrouter.replay.report.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTML page that checks one chart the way a browser draws it: its script parses the SVG text as XML
 * (so a malformed file is caught, not repaired as HTML would), puts it in the page, measures every series
 * with the browser's own layout (a non-zero length and bounding box, inside the plot area, named in the
 * legend) and writes its verdict into {@code <pre id="verdict">}, which {@code --dump-dom} shows.
 */
final class ChartCheckPage {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERDICT = Pattern.compile("<pre id=\"verdict\">(.*?)</pre>", Pattern.DOTALL);

    private static final String SCRIPT = """
            const problems = [];
            let drawn = 0;
            const doc = new DOMParser().parseFromString(SVG_TEXT, 'image/svg+xml');
            const error = doc.querySelector('parsererror');
            if (error) {
              problems.push('not well-formed: ' + error.textContent.slice(0, 200));
            } else {
              const svg = document.importNode(doc.documentElement, true);
              document.body.insertBefore(svg, document.body.firstChild);
              if (svg.namespaceURI !== 'http://www.w3.org/2000/svg' || svg.localName !== 'svg') {
                problems.push('the root is not an SVG element');
              }
              for (const tag of ['title', 'desc']) {
                const element = svg.querySelector(tag);
                if (!element || !element.textContent.trim()) problems.push('no ' + tag);
              }
              const plot = svg.querySelector('rect.plot-area');
              const area = plot ? plot.getBBox() : null;
              if (!area || !(area.width > 0 && area.height > 0)) problems.push('no plot area');
              for (const axis of ['x-axis', 'y-axis']) {
                if (svg.querySelectorAll('.' + axis + ' text.tick-label').length < 2) problems.push(axis + ' has under 2 ticks');
              }
              const legend = Array.from(svg.querySelectorAll('text.legend-label'))
                  .filter(text => text.getBBox().width > 0).map(text => text.textContent);
              const series = svg.querySelectorAll('path.series');
              if (series.length === 0) problems.push('no series drawn');
              for (const path of series) {
                const name = path.getAttribute('data-series');
                const box = path.getBBox();
                if (!(path.getTotalLength() > 0) || !(box.width > 0)) {
                  problems.push(name + ' has an empty bounding box');
                } else if (area && (box.x < area.x - 1 || box.y < area.y - 1
                    || box.x + box.width > area.x + area.width + 1 || box.y + box.height > area.y + area.height + 1)) {
                  problems.push(name + ' leaves the plot area');
                }
                if (!legend.includes(name)) problems.push(name + ' is not in the legend');
                drawn++;
              }
            }
            document.getElementById('verdict').textContent =
                problems.length ? 'failed: ' + problems.join('; ') : 'ok: ' + drawn + ' series';
            """;

    private ChartCheckPage() {
    }

    static String html(String svg) {
        String literal;
        try {
            literal = JSON.writeValueAsString(svg).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>chart check</title>"
                + "<style>body { margin: 0 }</style></head>\n<body>\n<pre id=\"verdict\">not run</pre>\n<script>\n"
                + SCRIPT.replace("SVG_TEXT", literal) + "</script>\n</body></html>\n";
    }

    /** The verdict the page's script left in the dumped DOM. */
    static String verdict(String dom) {
        Matcher m = VERDICT.matcher(dom);
        if (!m.find()) {
            throw new AssertionError("the page left no verdict:\n" + dom);
        }
        return m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
