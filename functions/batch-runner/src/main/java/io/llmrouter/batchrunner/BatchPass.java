package io.llmrouter.batchrunner;

import io.llmrouter.batch.BatchRunner;
import io.llmrouter.spend.SpendRollup;

import java.time.Instant;

/**
 * One invocation's work: a runner pass, then the spend of the requests it sent written to the spend roll-ups
 * before the invocation returns (Lambda freezes the container as soon as the handler does), so that batch spend shows
 * in {@code GET /v1/router/spend} beside the live requests'.
 */
public final class BatchPass {

    private final BatchRunner runner;
    private final SpendRollup spend;

    BatchPass(BatchRunner runner, SpendRollup spend) {
        this.runner = runner;
        this.spend = spend;
    }

    public BatchRunner.Pass run(Instant deadline) {
        try {
            return runner.runOnce(deadline);
        } finally {
            spend.flush();
        }
    }
}
