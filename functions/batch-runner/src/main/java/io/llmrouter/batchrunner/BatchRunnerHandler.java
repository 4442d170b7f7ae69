package io.llmrouter.batchrunner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.llmrouter.batch.BatchRunner;
import io.llmrouter.wiring.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Lambda entry point of the batch runner, run by an EventBridge schedule (every minute when deployed): one
 * {@link BatchRunner} pass, whose waves stop starting once {@code BATCH_PASS} (default 45 s) has gone by or the
 * invocation's remaining time, less {@code forward.total-budget}, has run out, so that the last wave's requests finish
 * inside the invocation. An invocation that dies anyway loses nothing: its items' leases pass and the next pass runs
 * them.
 */
public class BatchRunnerHandler extends FunctionHandler<ScheduledEvent, BatchRunner.Pass> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRunnerHandler.class);

    @Inject
    BatchPass pass;
    @Inject
    Clock clock;
    @Value("${batch.pass:45s}")
    Duration passLength;
    @Value("${forward.total-budget:27s}")
    Duration lastRequest;

    /** Used by the Lambda runtime. */
    public BatchRunnerHandler() {
    }

    /** Used by the local stack and tests, to pass properties such as the DynamoDB and S3 endpoints. */
    public BatchRunnerHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected BatchRunner.Pass execute(ScheduledEvent event, Context lambda) {
        Instant now = clock.instant();
        Instant deadline = now.plus(passLength);
        if (lambda != null) {
            Instant invocationEnds = now.plusMillis(lambda.getRemainingTimeInMillis()).minus(lastRequest);
            deadline = invocationEnds.isBefore(deadline) ? invocationEnds : deadline;
        }
        BatchRunner.Pass done = pass.run(deadline);
        LOG.info("batch pass: {} batches, {} requests run, {} waiting, {} batches ended", done.batches(),
                done.itemsRun(), done.itemsWaiting(), done.batchesEnded());
        return done;
    }
}
