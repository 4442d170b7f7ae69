package io.llmrouter.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * How busy a llama-server's slots are, from {@code GET /slots}.
 *
 * @param busySlots     slots with {@code is_processing} true
 * @param totalSlots    slots listed
 * @param contextWindow the smallest {@code n_ctx} among the slots (a request must fit whichever slot it gets);
 *                      null when no slot reports one
 */
public record SlotUsage(int busySlots, int totalSlots, Integer contextWindow) {

    /**
     * Reads the {@code /slots} array. Builds before {@code is_processing} reported a numeric {@code state}
     * (0 = idle), which is read when {@code is_processing} is absent. Empty when the body is not an array.
     */
    public static Optional<SlotUsage> from(JsonNode slots) {
        if (slots == null || !slots.isArray()) {
            return Optional.empty();
        }
        int busy = 0;
        Integer minContext = null;
        for (JsonNode slot : slots) {
            if (isProcessing(slot)) {
                busy++;
            }
            JsonNode nCtx = slot.path("n_ctx");
            if (nCtx.canConvertToInt() && nCtx.intValue() > 0) {
                minContext = minContext == null ? nCtx.intValue() : Math.min(minContext, nCtx.intValue());
            }
        }
        return Optional.of(new SlotUsage(busy, slots.size(), minContext));
    }

    private static boolean isProcessing(JsonNode slot) {
        JsonNode processing = slot.path("is_processing");
        if (processing.isBoolean()) {
            return processing.booleanValue();
        }
        JsonNode state = slot.path("state");
        return state.isNumber() && state.intValue() != 0;
    }
}
