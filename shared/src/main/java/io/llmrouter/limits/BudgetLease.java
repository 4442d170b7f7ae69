package io.llmrouter.limits;

import java.time.Duration;
import java.time.Instant;

/**
 * One instance's share of one budget period (a key's or a team's): the dollars it leased from the shared
 * counter and may still reserve for requests, without a DynamoDB call per request.
 *
 * <p>A request reserves its estimated cost (prompt and max_tokens at the dearest candidate's price) before it
 * is sent, and settles with its actual cost after: what it did not use returns to the balance, what it used
 * beyond the reservation is a debt, added to the counter with the next lease. So every dollar spent is either
 * covered by a lease or recorded as debt, and the counter's {@code leased} never passes the budget by more
 * than the debts of the last requests in flight. When the balance cannot cover a request the instance leases
 * another slice: about {@value #SLICE_REQUESTS} requests' worth, at most a quarter of what the counter has
 * left (so that near the end no instance sits on much of it), at least the request. When even that is
 * refused, the budget is spent: refusals are then answered from memory until the period ends, the limit
 * changes (an admin raised it), or {@link #RECHECK} passes.
 */
final class BudgetLease {

    static final int SLICE_REQUESTS = 50;
    /** Dollars are doubles: sums of reservations miss by rounding, and a millionth of a cent is none. */
    private static final double EPSILON = 1e-9;
    static final Duration RECHECK = Duration.ofSeconds(30);
    /** Settled spend older than this is written with the next request even if the balance suffices. */
    static final Duration SETTLE_EVERY = Duration.ofSeconds(60);

    private final String subject;
    private final String period;
    private final Instant expiresAt;

    private double balance;
    private double debt;
    private double unsettled;
    private double average;
    private LimitStore.BudgetCount seen = new LimitStore.BudgetCount(0, 0);
    private Instant lastWrite;
    private Instant spentUntil;
    private double spentAtLimit;

    BudgetLease(String subject, String period, Instant expiresAt) {
        this.subject = subject;
        this.period = period;
        this.expiresAt = expiresAt;
    }

    String period() {
        return period;
    }

    /**
     * Reserves {@code cost} dollars of a budget of {@code limit}; false when the budget is spent. May lease
     * (one conditional write, rarely two) while other requests for the same subject on this instance wait.
     */
    synchronized boolean reserve(double cost, double limit, Instant now, LimitStore store) {
        if (balance + EPSILON >= cost && !settleDue(now)) {
            balance -= cost;
            return true;
        }
        if (spentUntil != null && now.isBefore(spentUntil) && limit == spentAtLimit) {
            return false;
        }
        average = average == 0 ? cost : 0.8 * average + 0.2 * cost;
        double left = limit - seen.leased();
        double slice = Math.max(cost, Math.min(SLICE_REQUESTS * average, left / 4));
        if (balance + EPSILON >= cost) {
            slice = 0; // only settling
        }
        for (int tries = 0; tries < 3; tries++) {
            LimitStore.BudgetGrant grant = store.leaseBudget(subject, period, limit, slice, debt, unsettled, expiresAt);
            seen = grant.count();
            if (grant.granted()) {
                balance += slice;
                debt = 0;
                unsettled = 0;
                lastWrite = now;
                spentUntil = null;
                break;
            }
            // Someone else leased in between: take what is left, if it covers this request.
            double fits = limit - seen.leased() - debt;
            if (fits + balance + EPSILON < cost) {
                if (debt > 0 || unsettled > 0) {
                    // Money already spent is recorded even past the limit; the write cannot be refused.
                    seen = store.leaseBudget(subject, period, limit, 0, debt, unsettled, expiresAt).count();
                    debt = 0;
                    unsettled = 0;
                    lastWrite = now;
                }
                spentUntil = now.plus(RECHECK);
                spentAtLimit = limit;
                return false;
            }
            slice = Math.min(slice, fits);
        }
        if (balance + EPSILON < cost) {
            return false;
        }
        balance -= cost;
        return true;
    }

    /** Gives back a reservation whose request was not sent (another limit refused it). */
    synchronized void release(double reserved) {
        balance += reserved;
    }

    /** Settles a sent request: {@code actual} dollars spent against {@code reserved}. */
    synchronized void settle(double reserved, double actual) {
        if (actual <= reserved) {
            balance += reserved - actual;
        } else {
            debt += actual - reserved;
        }
        unsettled += actual;
    }

    /**
     * The share of the budget known to be committed: what all instances leased (as last read) less this
     * instance's unused balance. Other instances' unused slices count as spent, so the share errs high, by at
     * most their slices.
     */
    synchronized double committedShare(double limit) {
        return Math.max(0, seen.leased() - balance + debt) / limit;
    }

    private boolean settleDue(Instant now) {
        return unsettled > 0 && lastWrite != null && now.isAfter(lastWrite.plus(SETTLE_EVERY));
    }
}
