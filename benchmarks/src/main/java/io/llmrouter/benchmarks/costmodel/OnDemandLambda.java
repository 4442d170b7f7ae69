package io.llmrouter.benchmarks.costmodel;

/**
 * The route function on on-demand Lambda, arm64: one request per execution environment at a time, billed for
 * the environment's memory for as long as the request holds it (the whole upstream call, streamed or not,
 * although the router's own work is about a tenth of a millisecond of CPU).
 *
 * @param memoryMb the function's memory setting
 */
public record OnDemandLambda(int memoryMb) implements Deployment {

    /** The memory at which Lambda gives a function one full vCPU; below it, a proportional share. */
    static final double MB_PER_FULL_VCPU = 1769;

    public OnDemandLambda {
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException("Lambda memory is 128 to 10,240 MB, got " + memoryMb);
        }
    }

    @Override
    public String label() {
        return "Lambda " + memoryMb + " MB";
    }

    /** Lambda bills GB-seconds with GB = MB / 1024. */
    double memoryGb() {
        return memoryMb / 1024.0;
    }

    /** The share of a vCPU the function gets, so the router's CPU time stretches below 1,769 MB. */
    double vcpuShare() {
        return Math.min(1, memoryMb / MB_PER_FULL_VCPU);
    }
}
