package io.llmrouter.replay.report.chart;

/** What an axis measures, and how its tick labels are written. */
enum Unit {
    MINUTES(0) {
        @Override
        String label(double value, int decimals) {
            return Svg.fixed(value, decimals);
        }
    },
    USD(0) {
        @Override
        String label(double value, int decimals) {
            return "$" + Svg.fixed(value, decimals);
        }
    },
    PERCENT(0) {
        @Override
        String label(double value, int decimals) {
            return Svg.fixed(value, decimals) + "%";
        }
    },
    /** Whole requests: no tick falls between two counts. */
    REQUESTS(1) {
        @Override
        String label(double value, int decimals) {
            return Svg.fixed(value, 0);
        }
    };

    private final double minStep;

    Unit(double minStep) {
        this.minStep = minStep;
    }

    double minStep() {
        return minStep;
    }

    abstract String label(double value, int decimals);
}
