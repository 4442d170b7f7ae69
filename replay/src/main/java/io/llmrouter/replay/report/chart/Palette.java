package io.llmrouter.replay.report.chart;

import java.util.List;

/**
 * The charts' colours, from Tableau's 10-colour palette (distinct, readable on white). Clusters take the
 * cool colours and providers the warm ones, so a stacked chart tells them apart at a glance; a target keeps
 * its colour in every chart of a replay.
 */
final class Palette {

    /** One colour per policy, in the order the policies ran. */
    static final List<String> SERIES = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");
    static final List<String> CLUSTERS = List.of("#1f77b4", "#2ca02c", "#17becf", "#9467bd", "#aec7e8",
            "#98df8a", "#9edae5", "#c5b0d5");
    static final List<String> PROVIDERS = List.of("#ff7f0e", "#d62728", "#e377c2", "#bcbd22", "#ffbb78",
            "#ff9896", "#f7b6d2", "#dbdb8d");
    static final String UNROUTED = "#7f7f7f";
    static final String TRUE_QUEUE = "#d62728";
    static final String SEEN_QUEUE = "#1f77b4";

    private Palette() {
    }

    /** The {@code index}th colour of {@code colours}, around again past the end. */
    static String pick(List<String> colours, int index) {
        return colours.get(Math.floorMod(index, colours.size()));
    }
}
