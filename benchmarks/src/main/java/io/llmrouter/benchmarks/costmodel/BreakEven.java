package io.llmrouter.benchmarks.costmodel;

import java.util.OptionalInt;

/** Where a fleet that is paid by the hour starts to cost less per request than one paid by the request. */
final class BreakEven {

    private BreakEven() {
    }

    /**
     * The lowest whole rate up to {@code maxRate} at which {@code hourly} costs no more per request than
     * {@code perRequest}; empty if none does. An hourly fleet's cost per request falls as the rate rises (in steps,
     * as instances are added), a per-request one's stays flat, so past this rate the hourly one stays cheaper.
     */
    static OptionalInt rate(CostTables.CostFunction costs, Deployment hourly, Deployment perRequest, CallPath path,
                            int maxRate) {
        for (int rate = 1; rate <= maxRate; rate++) {
            if (costs.at(hourly, path, rate).totalPerMillion() <= costs.at(perRequest, path, rate).totalPerMillion()) {
                return OptionalInt.of(rate);
            }
        }
        return OptionalInt.empty();
    }
}
