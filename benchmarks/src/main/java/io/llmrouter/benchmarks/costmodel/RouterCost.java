package io.llmrouter.benchmarks.costmodel;

/**
 * What the router itself costs at one request rate, in dollars per million requests, line by line, and the
 * capacity behind it.
 *
 * @param deployment               where the route function runs
 * @param path                     how calls reach it
 * @param requestsPerSecond        the steady rate priced
 * @param meanHoldSeconds          the mean time a request holds an environment, the router's own time included
 * @param inFlight                 requests in flight on average (Little's law: rate × mean hold)
 * @param environments             execution environments running (on-demand: one per request in flight)
 * @param instances                EC2 instances running (Managed Instances; 0 on on-demand)
 * @param sizedBy                  what set the instance count (Managed Instances; null on on-demand)
 * @param lambdaRequestsPerMillion Lambda's request charge
 * @param computePerMillion        on-demand: duration (GB-s); Managed Instances: the instances with the fee
 * @param frontDoorPerMillion      API Gateway's charge, or the function URL's (none)
 * @param snapshotReadsPerMillion  DynamoDB reads of the routing snapshot
 */
public record RouterCost(Deployment deployment, CallPath path, double requestsPerSecond, double meanHoldSeconds,
                         double inFlight, long environments, long instances, SizedBy sizedBy,
                         double lambdaRequestsPerMillion, double computePerMillion, double frontDoorPerMillion,
                         double snapshotReadsPerMillion) {

    /** Which bound set a Managed Instances fleet's size. */
    public enum SizedBy {
        /** AWS's minimum (three instances, one per Availability Zone) was more than the load needed. */
        MINIMUM,
        /** Requests in flight over what each instance's vCPUs take at once. */
        CONCURRENCY,
        /** The router's CPU time a second over the instances' vCPUs. */
        CPU
    }

    public double totalPerMillion() {
        return lambdaRequestsPerMillion + computePerMillion + frontDoorPerMillion + snapshotReadsPerMillion;
    }

    /** What the router costs an hour at this rate. */
    public double usdPerHour() {
        return totalPerMillion() * requestsPerSecond * 3600 / 1e6;
    }
}
