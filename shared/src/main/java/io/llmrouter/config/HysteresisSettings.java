package io.llmrouter.config;

import java.time.Duration;

/**
 * Keeps the current choice for a model unless a challenger has been better by more than
 * {@code margin} (a fraction: 0.10 = 10% cheaper) for at least {@code holdTime}. Equal-cost targets
 * therefore never flap, and a brief price dip does not move traffic.
 */
public record HysteresisSettings(double margin, Duration holdTime) {

    public static HysteresisSettings defaults() {
        return new HysteresisSettings(0.10, Duration.ofSeconds(60));
    }

    public static HysteresisSettings disabled() {
        return new HysteresisSettings(0.0, Duration.ZERO);
    }
}
