package io.llmrouter.benchmarks.costmodel;

/** Where the route function runs, and so how its compute is billed. */
public sealed interface Deployment permits OnDemandLambda, ManagedInstances {

    /** How the deployment is named in tables and on the chart. */
    String label();
}
