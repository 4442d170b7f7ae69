package io.llmrouter.limits;

import java.time.Instant;

/**
 * One instance's share of one rate window (a UTC minute) of a key or a target: requests and tokens leased
 * from the window's shared counter. A request takes one request and reserves its tokens (prompt and
 * max_tokens); it settles with the tokens it used, and an excess is added to the counter with the next lease.
 * A lease asks for about {@value #SLICE_REQUESTS} requests' worth, at most a quarter of what the window has
 * left; once a lease is refused and what is left cannot cover the request, the window is full for this
 * instance until it ends. Leased requests are counted whether they are sent or not: the counter never passes
 * the limit, and instances that leased more than they used leave some of the window unused.
 */
final class RateLease {

    static final int SLICE_REQUESTS = 50;

    /** What stopped a request: its requests or its tokens per minute. */
    enum Exhausted { REQUESTS, TOKENS }

    private final String subject;
    private final long window;
    private final Instant windowEnd;

    private long requests;
    private long tokens;
    private long tokenDebt;
    private double averageTokens;
    private LimitStore.RateCount seen = new LimitStore.RateCount(0, 0);
    private Exhausted full;

    RateLease(String subject, Instant window) {
        this.subject = subject;
        this.window = window.getEpochSecond();
        this.windowEnd = window.plusSeconds(60);
    }

    Instant windowEnd() {
        return windowEnd;
    }

    /**
     * Takes a request and {@code needTokens} tokens under {@code rpm} and {@code tpm} (null: not limited);
     * null when granted, otherwise which limit is reached.
     */
    synchronized Exhausted reserve(long needTokens, Integer rpm, Integer tpm, LimitStore store) {
        long needRequests = rpm == null ? 0 : 1;
        needTokens = tpm == null ? 0 : needTokens;
        if (requests >= needRequests && tokens >= needTokens) {
            requests -= needRequests;
            tokens -= needTokens;
            return null;
        }
        if (full != null) {
            return full;
        }
        if (needTokens > 0) {
            averageTokens = averageTokens == 0 ? needTokens : 0.8 * averageTokens + 0.2 * needTokens;
        }
        long wantRequests = requests >= needRequests ? 0
                : Math.max(needRequests, Math.min(SLICE_REQUESTS, (rpm - seen.requests()) / 4));
        long wantTokens = tokens >= needTokens ? 0
                : Math.max(needTokens, Math.min((long) (SLICE_REQUESTS * averageTokens), (tpm - seen.tokens()) / 4));
        for (int tries = 0; tries < 3; tries++) {
            LimitStore.RateGrant grant = store.leaseRate(subject, window, rpm, tpm, wantRequests,
                    wantTokens + tokenDebt, windowEnd.plus(Periods.RATE_KEPT));
            seen = grant.count();
            if (grant.granted()) {
                requests += wantRequests;
                tokens += wantTokens;
                tokenDebt = 0;
                break;
            }
            // An excess from earlier requests is counted only while the window has room for it.
            tokenDebt = 0;
            long fitRequests = rpm == null ? Long.MAX_VALUE : rpm - seen.requests();
            long fitTokens = tpm == null ? Long.MAX_VALUE : tpm - seen.tokens();
            if (wantRequests > 0 && requests + fitRequests < needRequests) {
                full = Exhausted.REQUESTS;
                return full;
            }
            if (wantTokens > 0 && tokens + fitTokens < needTokens) {
                full = Exhausted.TOKENS;
                return full;
            }
            wantRequests = Math.min(wantRequests, Math.max(0, fitRequests));
            wantTokens = Math.min(wantTokens, Math.max(0, fitTokens));
        }
        if (requests < needRequests || tokens < needTokens) {
            return requests < needRequests ? Exhausted.REQUESTS : Exhausted.TOKENS;
        }
        requests -= needRequests;
        tokens -= needTokens;
        return null;
    }

    /** Gives back a request and its tokens that were not sent (another limit refused it). */
    synchronized void release(long reservedTokens, Integer rpm, Integer tpm) {
        requests += rpm == null ? 0 : 1;
        tokens += tpm == null ? 0 : reservedTokens;
    }

    /** Settles a sent request's tokens: what it did not use returns, what it used beyond is a debt. */
    synchronized void settle(long reservedTokens, long actualTokens, Integer tpm) {
        if (tpm == null) {
            return;
        }
        if (actualTokens <= reservedTokens) {
            tokens += reservedTokens - actualTokens;
        } else {
            tokenDebt += actualTokens - reservedTokens;
        }
    }

    /** Requests left in the window as far as this instance knows: the limit less what every instance leased, plus its own unused ones. */
    synchronized long remainingRequests(int rpm) {
        return Math.max(0, rpm - seen.requests() + requests);
    }

    synchronized long remainingTokens(int tpm) {
        return Math.max(0, tpm - seen.tokens() + tokens);
    }
}
