package io.llmrouter.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes health transitions to an EventBridge bus as events with source {@value #SOURCE} and
 * detail-type {@value #DETAIL_TYPE}, so that rules can page someone or trigger a refresh.
 *
 * <p>Detail: {@code {"cluster","previous","current","reason","observedAt"}}.
 */
public final class EventBridgeTransitionPublisher implements HealthTransitionPublisher {

    public static final String SOURCE = "llm-router.health-poller";
    public static final String DETAIL_TYPE = "Cluster Health Changed";
    /** PutEvents accepts at most 10 entries per call. */
    private static final int MAX_ENTRIES_PER_CALL = 10;
    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeTransitionPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBridgeClient client;
    private final String busName;

    public EventBridgeTransitionPublisher(EventBridgeClient client, String busName) {
        this.client = client;
        this.busName = busName;
    }

    @Override
    public void publish(List<HealthTransition> transitions) {
        for (int from = 0; from < transitions.size(); from += MAX_ENTRIES_PER_CALL) {
            List<HealthTransition> batch = transitions.subList(from, Math.min(transitions.size(), from + MAX_ENTRIES_PER_CALL));
            List<PutEventsRequestEntry> entries = new ArrayList<>(batch.size());
            for (HealthTransition t : batch) {
                entries.add(PutEventsRequestEntry.builder()
                        .eventBusName(busName)
                        .source(SOURCE)
                        .detailType(DETAIL_TYPE)
                        .resources(List.of())
                        .detail(detailOf(t))
                        .time(t.observedAt())
                        .build());
            }
            try {
                PutEventsResponse response = client.putEvents(PutEventsRequest.builder().entries(entries).build());
                if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                    List<PutEventsResultEntry> results = response.entries();
                    for (int i = 0; i < results.size(); i++) {
                        if (results.get(i).errorCode() != null) {
                            LOG.warn("EventBridge rejected the health event of {}: {} {}", batch.get(i).cluster(),
                                    results.get(i).errorCode(), results.get(i).errorMessage());
                        }
                    }
                }
            } catch (SdkException e) {
                LOG.warn("could not publish {} health events to bus {}: {}", batch.size(), busName, e.getMessage());
            }
        }
    }

    static String detailOf(HealthTransition t) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("cluster", t.cluster());
        detail.put("previous", t.previous());
        detail.put("current", t.current());
        detail.put("reason", t.reason());
        detail.put("observedAt", t.observedAt().toString());
        return detail.toString();
    }
}
