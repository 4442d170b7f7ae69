package io.llmrouter.limits;

/**
 * What one admitted request holds until it settles: dollars of its key's and team's budget leases, a
 * request and tokens of its key's rate window. Null parts are limits the key does not have.
 */
record Reservation(BudgetLease keyBudget, BudgetLease teamBudget, double dollars, RateLease rate, Integer rpm,
                   Integer tpm, long tokens) {

    static final Reservation NONE = new Reservation(null, null, 0, null, null, null, 0);

    /** This reservation and the dollars of its key's budget, once that lease reserved them. */
    Reservation withKeyBudget(BudgetLease lease) {
        return new Reservation(lease, teamBudget, dollars, rate, rpm, tpm, tokens);
    }

    /** This reservation and the dollars of its team's budget, once that lease reserved them. */
    Reservation withTeamBudget(BudgetLease lease) {
        return new Reservation(keyBudget, lease, dollars, rate, rpm, tpm, tokens);
    }

    /** Gives everything back: the request was not sent. */
    void release() {
        if (keyBudget != null) {
            keyBudget.release(dollars);
        }
        if (teamBudget != null) {
            teamBudget.release(dollars);
        }
        if (rate != null) {
            rate.release(tokens, rpm, tpm);
        }
    }

    /** Settles a sent request with what it cost and used (0 when it got no answer). */
    void settle(double actualDollars, long actualTokens) {
        if (keyBudget != null) {
            keyBudget.settle(dollars, actualDollars);
        }
        if (teamBudget != null) {
            teamBudget.settle(dollars, actualDollars);
        }
        if (rate != null) {
            rate.settle(tokens, actualTokens, tpm);
        }
    }
}
