package io.llmrouter.replay.report.chart;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.replay.PolicyComparison;
import io.llmrouter.replay.TestConfigs;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;
import io.llmrouter.replay.sim.ReplaySettings;
import io.llmrouter.replay.trace.Trace;
import io.llmrouter.replay.trace.TraceReader;
import io.llmrouter.testing.browser.HeadlessChromium;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The charts of a small replay as a browser shows them: Debian's Chromium, headless, checks every chart's
 * series and legend with its own layout ({@link ChartCheckPage}), then a screenshot of each standalone SVG
 * file must show every series' colour inside the plot area. A blank or malformed chart fails both; the
 * checks are shown to fail on one. Skipped where no Chromium is installed ({@code .ci/run} installs it).
 */
class ChartsInChromiumTest {

    /** Pixels of a series' colour the plot area must show; a 2-pixel line across it shows hundreds. */
    private static final int MIN_PIXELS = 10;
    /** How far (per channel) an anti-aliased pixel may be from its series' colour. */
    private static final int TOLERANCE = 40;

    @TempDir
    static Path work;
    static Path out;
    static List<PolicyRun> runs;
    static List<String> charts;

    /**
     * One slot serving a request in about 3 s and a request every 1.5 s: a queue forms, the router sees it at
     * the next poll and sends the overflow to gpt-4o, so every chart has something to show.
     */
    @BeforeAll
    static void replay() {
        RouterConfig config = TestConfigs.oneClusterAndGpt4o("""
                router:
                  routingStrategy: cost
                  healthCheckInterval: 2s
                  maxQueueDepth: 1
                store:
                  snapshotRefresh: 1s
                """, 10, 0.036);
        StringBuilder csv = new StringBuilder("TIMESTAMP,ContextTokens,GeneratedTokens\n");
        for (int i = 0; i < 80; i++) {
            int millis = i * 1500;
            csv.append(String.format(Locale.ROOT, "2023-11-16 00:%02d:%02d.%03d,100,20%n",
                    millis / 60_000, millis / 1000 % 60, millis % 1000));
        }
        Trace trace = TraceReader.read("steady.csv", new StringReader(csv.toString()));
        Fleet fleet = Fleet.of(config, ModelCatalog.empty(), new Fleet.Shape(1, 1, 10, 0.5, 50));
        runs = new PolicyComparison(config, fleet, ModelCatalog.empty(), ReplaySettings.defaults())
                .runs(trace, List.of("router", "always-premium"));
        out = work.resolve("out");
        charts = ReplayCharts.write(runs, out);
    }

    @Test
    void theReplayGivesEveryChartSomethingToShow() {
        PolicyRun router = runs.get(0);
        assertEquals(Set.of("c1", "openai"), router.outcomes().stream().map(Outcome::target).collect(Collectors.toSet()));
        assertTrue(router.queueSamples().stream().anyMatch(s -> s.trueDeferred() > 0), "a queue formed");
        assertTrue(router.queueSamples().stream().anyMatch(s -> s.seenDeferred() != null && s.trueDeferred() > s.seenDeferred()),
                "and the router saw it late");
    }

    private static Path chromium() {
        Path chromium = HeadlessChromium.binary().orElse(null);
        Assumptions.assumeTrue(chromium != null, "Debian's chromium package is not installed (.ci/run installs it)");
        return chromium;
    }

    private static String verdict(Path chromium, String svg, String name) throws Exception {
        Path page = Files.writeString(work.resolve(name + ".html"), ChartCheckPage.html(svg), StandardCharsets.UTF_8);
        return ChartCheckPage.verdict(HeadlessChromium.renderedDom(chromium, page.toUri(), 1000, work.resolve("profile")));
    }

    @Test
    void everyChartsSeriesIsDrawnInsideThePlotAndNamedInTheLegend() throws Exception {
        Path chromium = chromium();
        assertEquals(List.of("spend-over-time.svg", "traffic-share.svg", "traffic-share-always-premium.svg",
                "queue-depth-c1.svg"), charts);
        for (String chart : charts) {
            String svg = Files.readString(out.resolve(chart));
            int series = ParsedSvg.parse(svg).withClass("path", "series").size();
            assertEquals("ok: " + series + " series", verdict(chromium, svg, chart), chart);
        }
    }

    @Test
    void aScreenshotOfEachChartShowsEverySeriesColourInsideThePlot() throws Exception {
        Path chromium = chromium();
        for (String chart : charts) {
            ParsedSvg svg = ParsedSvg.parse(Files.readString(out.resolve(chart)));
            BufferedImage image = screenshot(chromium, out.resolve(chart));
            for (Element path : svg.withClass("path", "series")) {
                String colour = path.getAttribute(path.getAttribute("class").contains("band") ? "fill" : "stroke");
                int pixels = pixelsOf(image, svg.plotArea(), colour);
                assertTrue(pixels >= MIN_PIXELS, chart + ": " + path.getAttribute("data-series") + " (" + colour
                        + ") shows " + pixels + " pixels");
            }
        }
    }

    @Test
    void aBlankOrMalformedChartFailsBothChecks() throws Exception {
        Path chromium = chromium();
        String svg = Files.readString(out.resolve("spend-over-time.svg"));
        String blank = svg.replaceAll("<path class=\"series[^>]*/>\\n", "");
        assertEquals("failed: no series drawn", verdict(chromium, blank, "blank"));
        String truncated = svg.substring(0, svg.length() / 2);
        assertTrue(verdict(chromium, truncated, "truncated").startsWith("failed: not well-formed"));

        Path blankFile = Files.writeString(work.resolve("blank.svg"), blank);
        BufferedImage image = screenshot(chromium, blankFile);
        ParsedSvg parsed = ParsedSvg.parse(svg);
        for (Element path : parsed.withClass("path", "series")) {
            assertTrue(pixelsOf(image, parsed.plotArea(), path.getAttribute("stroke")) < MIN_PIXELS,
                    "the blank chart shows no " + path.getAttribute("data-series"));
        }
    }

    private static BufferedImage screenshot(Path chromium, Path svg) throws Exception {
        Path png = work.resolve(svg.getFileName() + ".png");
        HeadlessChromium.screenshot(chromium, svg.toUri(), ChartSvg.WIDTH, ChartSvg.HEIGHT, png, work.resolve("profile"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a PNG: " + png);
        assertEquals(ChartSvg.WIDTH, image.getWidth());
        return image;
    }

    /** Pixels inside the plot area's border within {@link #TOLERANCE} of {@code #rrggbb} in every channel. */
    private static int pixelsOf(BufferedImage image, double[] area, String colour) {
        int rgb = Integer.parseInt(colour.substring(1), 16);
        int count = 0;
        int right = (int) Math.min(image.getWidth(), area[0] + area[2] - 1);
        int bottom = (int) Math.min(image.getHeight(), area[1] + area[3] - 1);
        for (int y = (int) area[1] + 2; y < bottom; y++) {
            for (int x = (int) area[0] + 2; x < right; x++) {
                int pixel = image.getRGB(x, y);
                if (near(pixel >> 16, rgb >> 16) && near(pixel >> 8, rgb >> 8) && near(pixel, rgb)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean near(int a, int b) {
        return Math.abs((a & 0xff) - (b & 0xff)) <= TOLERANCE;
    }
}
