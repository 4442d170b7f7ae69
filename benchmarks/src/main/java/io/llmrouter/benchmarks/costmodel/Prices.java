package io.llmrouter.benchmarks.costmodel;

/**
 * The unit prices the cost model multiplies, all US East (N. Virginia), on-demand, before free tiers and
 * Savings Plans. Where each comes from, and when it was read, is in docs/cost-at-scale.md: prices change, so
 * the doc dates them and this record keeps them in one place to change.
 *
 * @param lambdaPerMillionRequests       Lambda's request charge, on-demand and Managed Instances alike
 * @param lambdaArmPerGbSecond           on-demand duration on arm64, the first tier (7.5 billion GB-s a month)
 * @param managedInstancesFeeShare       Managed Instances' management fee, a share of the EC2 on-demand price
 * @param httpApiPerMillionRequests      API Gateway HTTP API, the first 300 million requests a month
 * @param functionUrlPerMillionRequests  a function URL adds nothing per request beyond Lambda's own charge
 * @param dynamoDbPerMillionReadUnits    DynamoDB on-demand read request units
 */
public record Prices(double lambdaPerMillionRequests, double lambdaArmPerGbSecond, double managedInstancesFeeShare,
                     double httpApiPerMillionRequests, double functionUrlPerMillionRequests,
                     double dynamoDbPerMillionReadUnits) {

    /** As read on 2026-12-05; see docs/cost-at-scale.md for the pages. */
    public static final Prices US_EAST_1 = new Prices(0.20, 0.0000133334, 0.15, 1.00, 0.0, 0.125);
}
