package io.llmrouter.health;

import java.util.List;

/** Tells the world that clusters went down or came back (EventBridge in AWS). */
public interface HealthTransitionPublisher {

    /** Publishes the transitions; failures are logged, never thrown: health records matter more. */
    void publish(List<HealthTransition> transitions);

    HealthTransitionPublisher NONE = transitions -> { };
}
