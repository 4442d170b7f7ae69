package io.llmrouter.limits;

import java.time.Duration;
import java.util.Map;

/**
 * Whether a request of a key may go, under the key's and its team's budgets and the key's rate limits
 * ({@link Limiter#admit}). Both carry the {@code x-ratelimit-*} headers every answer to a rate-limited key
 * gets (empty for a key without rate limits).
 */
public sealed interface Admission {

    Map<String, String> headers();

    /**
     * The request may go. Its reservations are held until {@link Limiter#settle}.
     *
     * @param economyFirst    why the request should go to clusters before providers (its key or team is past
     *                        {@code limits.downgradeAt} of its budget); null when it need not
     * @param teamBudgetSpent the share of the key's team's budget committed so far, as this instance knows it (for
     *                        the team's budget alarm); null when the team has no budget
     */
    record Admitted(Reservation reservation, Map<String, String> headers, String economyFirst,
                    Double teamBudgetSpent) implements Admission {
    }

    /** What ran out. */
    enum Limit { KEY_BUDGET, TEAM_BUDGET, REQUESTS_PER_MINUTE, TOKENS_PER_MINUTE }

    /**
     * The request may not go.
     *
     * @param message    for the client, in the answer's error message
     * @param retryAfter when it may be tried again; null when waiting will not help within the period
     */
    record Refused(Limit limit, String message, Duration retryAfter, Map<String, String> headers)
            implements Admission {

        public boolean budget() {
            return limit == Limit.KEY_BUDGET || limit == Limit.TEAM_BUDGET;
        }
    }

    /** A key with no budget, no team budget and no rate limits: nothing reserved, nothing to settle. */
    Admitted UNLIMITED = new Admitted(Reservation.NONE, Map.of(), null, null);
}
