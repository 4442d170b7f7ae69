package io.llmrouter.replay.scenario;

/** A scenario file that cannot be replayed: malformed, or naming what the fleet does not have. */
public final class ScenarioException extends IllegalArgumentException {

    public ScenarioException(String message) {
        super(message);
    }
}
