package io.llmrouter.poller;

import io.llmrouter.health.HealthPoller;
import io.llmrouter.state.HealthRecord;

import java.util.List;

/**
 * What one invocation did, returned to Lambda (and shown by {@code sam local invoke}).
 *
 * @param up       clusters up in the last round
 * @param down     names of the clusters down in the last round
 */
public record PollSummary(int rounds, int clusters, int up, List<String> down, int transitions, int recordsWritten) {

    static PollSummary of(List<HealthPoller.Round> rounds) {
        HealthPoller.Round last = rounds.get(rounds.size() - 1);
        List<String> down = last.records().stream().filter(r -> !r.up()).map(HealthRecord::target).toList();
        int transitions = rounds.stream().mapToInt(r -> r.transitions().size()).sum();
        int written = rounds.stream().mapToInt(HealthPoller.Round::written).sum();
        return new PollSummary(rounds.size(), last.records().size(), (int) last.upCount(), down, transitions, written);
    }
}
