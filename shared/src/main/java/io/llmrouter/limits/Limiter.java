package io.llmrouter.limits;

import io.llmrouter.config.Budget;
import io.llmrouter.config.LimitSettings;
import io.llmrouter.config.RateLimits;
import io.llmrouter.keys.ApiKey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Budgets and rate limits that hold across every instance of the router: each instance leases slices of a
 * key's, a team's or a target's limit from a shared counter ({@link LimitStore}) with a conditional write, spends
 * them locally and settles with what requests actually cost ({@link BudgetLease}, {@link RateLease}). A key
 * without a budget, team budget or rate limit costs nothing: no lease, no DynamoDB call.
 *
 * <p>Budgets count in UTC days or months (or never restart: {@code total}); rate limits in UTC minutes.
 */
public final class Limiter {

    private final LimitSettings settings;
    private final LimitStore store;
    private final Clock clock;
    private final Map<String, BudgetLease> budgets = new ConcurrentHashMap<>();
    private final Map<String, RateLease> rates = new ConcurrentHashMap<>();

    public Limiter(LimitSettings settings, LimitStore store, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Reserves what a request of {@code key} may use: a request and {@code tokens} of its rate limits, and
     * {@code dollars} of its own and its team's budgets. Nothing is reserved when one of them refuses.
     *
     * @param key     the stored API key; null (a configured client key, an open router): no limits
     * @param dollars the request's estimated cost: prompt and max_tokens at its dearest candidate's price
     * @param tokens  prompt tokens and max_tokens (or the router's assumed output)
     */
    public Admission admit(ApiKey key, double dollars, long tokens) {
        if (key == null) {
            return Admission.UNLIMITED;
        }
        RateLimits limits = key.limits();
        Budget budget = key.budget();
        Optional<LimitSettings.TeamBudget> team = settings.team(key.team());
        if (limits == null && budget == null && team.isEmpty()) {
            return Admission.UNLIMITED;
        }
        Instant now = clock.instant();
        RateLease rate = null;
        if (limits != null) {
            rate = rateLease("key#" + key.id(), now);
            RateLease.Exhausted full = rate.reserve(tokens, limits.rpm(), limits.tpm(), store);
            if (full != null) {
                return rateRefusal(full, limits, rate, now);
            }
        }
        // What this request has taken so far: given back whole when a later limit refuses it or cannot be read.
        Reservation taken = new Reservation(null, null, dollars, rate, rpm(limits), tpm(limits), tokens);
        try {
            if (budget != null) {
                BudgetLease keyBudget = budgetLease("key#" + key.id(), budget, now);
                if (!keyBudget.reserve(dollars, budget.usd(), now, store)) {
                    taken.release();
                    return new Admission.Refused(Admission.Limit.KEY_BUDGET, "This API key's budget of "
                            + usd(budget.usd()) + " " + per(budget) + " is spent" + resets(budget, now) + ".", null,
                            rateHeaders(limits, rate, now));
                }
                taken = taken.withKeyBudget(keyBudget);
            }
            if (team.isPresent()) {
                Budget teamLimit = team.get().budget();
                BudgetLease teamBudget = budgetLease("team#" + key.team(), teamLimit, now);
                if (!teamBudget.reserve(dollars, teamLimit.usd(), now, store)) {
                    taken.release();
                    return new Admission.Refused(Admission.Limit.TEAM_BUDGET, "The budget of team '" + key.team()
                            + "' (" + usd(teamLimit.usd()) + " " + per(teamLimit) + ") is spent"
                            + resets(teamLimit, now) + ".", null, rateHeaders(limits, rate, now));
                }
                taken = taken.withTeamBudget(teamBudget);
            }
        } catch (RuntimeException unreadable) {
            // The counters could not be reached for a lease: what this request had taken goes back.
            taken.release();
            throw unreadable;
        }
        Double teamShare = taken.teamBudget() == null ? null
                : taken.teamBudget().committedShare(team.get().budget().usd());
        return new Admission.Admitted(taken, rateHeaders(limits, rate, now),
                economyFirst(key, budget, taken.keyBudget(), team, taken.teamBudget()), teamShare);
    }

    /**
     * Settles an admitted request: its reservations are returned and what it actually cost and used is
     * counted. {@code sent} false (no target was tried) gives everything back.
     */
    public void settle(Admission.Admitted admitted, Double actualDollars, Long actualTokens, boolean sent) {
        Reservation reservation = admitted.reservation();
        if (reservation == Reservation.NONE) {
            return;
        }
        if (!sent) {
            reservation.release();
            return;
        }
        // Unknown usage is charged as reserved: the estimate is the best figure there is.
        reservation.settle(actualDollars == null ? reservation.dollars() : actualDollars,
                actualTokens == null ? reservation.tokens() : actualTokens);
    }

    /** The {@code x-ratelimit-*} headers of a key, from what this instance knows of its window; nothing is taken. */
    public Map<String, String> rateHeaders(ApiKey key) {
        if (key == null || key.limits() == null) {
            return Map.of();
        }
        Instant now = clock.instant();
        return rateHeaders(key.limits(), rateLease("key#" + key.id(), now), now);
    }

    /** Whether a target has rate limits in config ({@code limits.targets}). */
    public boolean limitsTarget(String target) {
        return settings.targets().containsKey(target);
    }

    /**
     * Takes a request and {@code tokens} of a target's rate limits before a request is sent to it; the reason
     * it is full when it is (the target then counts as full and the next candidate is tried).
     */
    public Optional<String> takeTarget(String target, long tokens) {
        RateLimits limits = settings.targets().get(target);
        if (limits == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        RateLease lease = rateLease("target#" + target, now);
        RateLease.Exhausted full = lease.reserve(tokens, limits.rpm(), limits.tpm(), store);
        if (full == null) {
            return Optional.empty();
        }
        return Optional.of(full == RateLease.Exhausted.REQUESTS
                ? "at its limit of " + limits.rpm() + " requests per minute"
                : "at its limit of " + limits.tpm() + " tokens per minute");
    }

    /** Settles the tokens a request sent to a rate-limited target used. */
    public void settleTarget(String target, long reservedTokens, Long actualTokens) {
        RateLimits limits = settings.targets().get(target);
        if (limits == null || actualTokens == null) {
            return;
        }
        rateLease("target#" + target, clock.instant()).settle(reservedTokens, actualTokens, limits.tpm());
    }

    private RateLease rateLease(String subject, Instant now) {
        Instant window = Periods.window(now);
        RateLease current = rates.get(subject);
        if (current != null && current.windowEnd().equals(window.plusSeconds(60))) {
            return current;
        }
        return rates.compute(subject, (s, lease) -> lease != null && lease.windowEnd().equals(window.plusSeconds(60))
                ? lease : new RateLease(s, window));
    }

    private BudgetLease budgetLease(String subject, Budget budget, Instant now) {
        String period = Periods.name(budget.period(), now);
        BudgetLease current = budgets.get(subject + "#" + budget.period().wireName());
        if (current != null && current.period().equals(period)) {
            return current;
        }
        return budgets.compute(subject + "#" + budget.period().wireName(), (k, lease) -> {
            if (lease != null && lease.period().equals(period)) {
                return lease;
            }
            Instant end = Periods.end(budget.period(), now);
            return new BudgetLease(subject, period, end == null ? null : end.plus(Periods.BUDGET_KEPT));
        });
    }

    private String economyFirst(ApiKey key, Budget budget, BudgetLease keyBudget,
                                Optional<LimitSettings.TeamBudget> team, BudgetLease teamBudget) {
        double at = settings.downgradeAt();
        if (keyBudget != null) {
            double share = keyBudget.committedShare(budget.usd());
            if (share >= at) {
                return "economy first: this key has spent " + percent(share) + " of its budget";
            }
        }
        if (teamBudget != null) {
            double share = teamBudget.committedShare(team.get().budget().usd());
            if (share >= at) {
                return "economy first: team '" + key.team() + "' has spent " + percent(share) + " of its budget";
            }
        }
        return null;
    }

    private static Admission.Refused rateRefusal(RateLease.Exhausted full, RateLimits limits, RateLease lease,
                                                 Instant now) {
        Duration wait = Duration.between(now, lease.windowEnd());
        String what = full == RateLease.Exhausted.REQUESTS
                ? "requests per minute (RPM): limit " + limits.rpm()
                : "tokens per minute (TPM): limit " + limits.tpm();
        return new Admission.Refused(full == RateLease.Exhausted.REQUESTS ? Admission.Limit.REQUESTS_PER_MINUTE
                : Admission.Limit.TOKENS_PER_MINUTE, "Rate limit reached for this API key on " + what
                + ". Please try again in " + seconds(wait) + ".", wait, rateHeaders(limits, lease, now));
    }

    /** OpenAI's {@code x-ratelimit-*} headers, for the limits the key has (none without rate limits). */
    private static Map<String, String> rateHeaders(RateLimits limits, RateLease lease, Instant now) {
        if (limits == null) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String reset = seconds(Duration.between(now, lease.windowEnd()));
        if (limits.rpm() != null) {
            headers.put("x-ratelimit-limit-requests", limits.rpm().toString());
            headers.put("x-ratelimit-remaining-requests", Long.toString(lease.remainingRequests(limits.rpm())));
            headers.put("x-ratelimit-reset-requests", reset);
        }
        if (limits.tpm() != null) {
            headers.put("x-ratelimit-limit-tokens", limits.tpm().toString());
            headers.put("x-ratelimit-remaining-tokens", Long.toString(lease.remainingTokens(limits.tpm())));
            headers.put("x-ratelimit-reset-tokens", reset);
        }
        return headers;
    }

    /** A wait as OpenAI writes it in {@code x-ratelimit-reset-*}: whole seconds, rounded up ({@code 17s}). */
    static String seconds(Duration wait) {
        long millis = Math.max(0, wait.toMillis());
        return ((millis + 999) / 1000) + "s";
    }

    private static Integer rpm(RateLimits limits) {
        return limits == null ? null : limits.rpm();
    }

    private static Integer tpm(RateLimits limits) {
        return limits == null ? null : limits.tpm();
    }

    private static String resets(Budget budget, Instant now) {
        Instant end = Periods.end(budget.period(), now);
        return end == null ? "" : "; it starts again at " + end;
    }

    private static String per(Budget budget) {
        return switch (budget.period()) {
            case DAY -> "per day";
            case MONTH -> "per month";
            case TOTAL -> "in total";
        };
    }

    private static String usd(double amount) {
        return String.format(Locale.ROOT, "$%.2f", amount);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
