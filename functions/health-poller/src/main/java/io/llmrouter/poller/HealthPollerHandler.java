package io.llmrouter.poller;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.health.HealthPoller;
import io.llmrouter.health.PollPlan;
import io.llmrouter.wiring.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Lambda entry point of the health-poller, run by an EventBridge schedule.
 *
 * <p>EventBridge schedules fire at most once a minute, so each invocation polls every
 * {@code router.healthCheckInterval} until the next invocation is due ({@link PollPlan}): with a 2 s
 * interval, 30 rounds a minute. {@code POLL_SCHEDULE} (default 60 s) must be the schedule's period.
 * Rounds stop early when the invocation's remaining time would not cover another. Every round's
 * gauges are in CloudWatch when the invocation returns.
 */
public class HealthPollerHandler extends FunctionHandler<ScheduledEvent, PollSummary> {

    private static final Logger LOG = LoggerFactory.getLogger(HealthPollerHandler.class);

    @Inject
    HealthPoller poller;
    @Inject
    RouterConfig config;
    @Inject
    PollGauges gauges;
    @Value("${poll.schedule:60s}")
    Duration schedule;

    /** Used by the Lambda runtime. */
    public HealthPollerHandler() {
    }

    /** Used by the local stack and tests, to pass properties such as the DynamoDB endpoint. */
    public HealthPollerHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected PollSummary execute(ScheduledEvent event, Context lambda) {
        try {
            List<HealthPoller.Round> done = poller.poll(new PollPlan(schedule, config.router().healthCheckInterval()),
                    () -> lambda == null ? Long.MAX_VALUE : lambda.getRemainingTimeInMillis());
            // Before returning: Lambda freezes the container as soon as the handler does.
            gauges.publish(done);
            PollSummary summary = PollSummary.of(done);
            LOG.info("health poll: {} rounds, {} clusters, last round {} up / {} down, {} transitions",
                    summary.rounds(), summary.clusters(), summary.up(), summary.down(), summary.transitions());
            return summary;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("health poll interrupted", e);
        }
    }
}
