package io.llmrouter.limits;

import java.time.Instant;

/**
 * The counters that every router instance leases from, one per budget period or rate window of a key, a
 * team or a target. Each lease is one conditional write: it is granted only when the counter stays within
 * its limit, so no number of instances can together lease more than the limit.
 */
public interface LimitStore {

    /**
     * What a budget's counter holds.
     *
     * @param leased dollars handed out to instances in slices, plus the debts they settled: an upper bound of what
     *               was spent
     * @param spent  dollars actually spent, as settled so far
     */
    record BudgetCount(double leased, double spent) {
    }

    /** A lease's result: granted (the counter after the write) or refused (the counter as it is, unchanged). */
    record BudgetGrant(boolean granted, BudgetCount count) {
    }

    /**
     * Adds {@code lease + debt} to the counter's {@code leased} and {@code settle} to its {@code spent}, if
     * {@code leased + lease + debt} stays within {@code limit}; with {@code lease} 0 the write is unconditional
     * (a debt is money already spent, and is recorded whatever the limit).
     *
     * @param subject   {@code key#<id>} or {@code team#<name>}
     * @param period    the budget period's name ({@code 2026-12-05}, {@code 2026-12}, {@code total})
     * @param expiresAt when the counter may be deleted; null: never
     */
    BudgetGrant leaseBudget(String subject, String period, double limit, double lease, double debt, double settle,
                            Instant expiresAt);

    /**
     * What a rate window's counter holds: requests and tokens handed out to instances (tokens include the
     * settled excess of requests that used more than they reserved).
     */
    record RateCount(long requests, long tokens) {
    }

    record RateGrant(boolean granted, RateCount count) {
    }

    /**
     * Adds {@code requests} and {@code tokens} to the window's counter if each stays within its limit (a null
     * limit is not checked).
     *
     * @param subject {@code key#<id>} or {@code target#<name>}
     * @param window  the window's first second, epoch seconds
     */
    RateGrant leaseRate(String subject, long window, Integer rpm, Integer tpm, long requests, long tokens,
                        Instant expiresAt);
}
